import TenancyJSON

extension Resource {
    /// Reads the attributes at `path` (`["spec"]`) in place when this resource holds its stored
    /// text (`stored`), else from its tree (`tree`): the same values either way.
    package func readAttributes<Result>(at path: [String], stored: (JSONText?) -> Result, tree: (JSON?) -> Result) -> Result {
        guard let text = storedAttributes?.text else {
            var node: JSON? = attributes
            for key in path { node = node?[key] }
            return tree(node)
        }
        return JSONText.reading(text) { document in
            var node: JSONText? = document
            for key in path { node = node?[key] }
            return stored(node)
        }
    }
}

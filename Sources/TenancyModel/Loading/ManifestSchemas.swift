import Foundation
import TenancyDiagnostics
import TenancySchema
import TenancyYAML

/// The compiled schemas of every kind, built once from the embedded copies of `schema/`.
package struct ManifestSchemas: Sendable {
    /// The dispatching bundle: any manifest, checked against its kind's definition.
    package let bundle: JSONSchema

    /// The built-in schemas. They are part of the program, so a failure here is a bug that the
    /// test suite catches; it is still reported, not trapped.
    package static let builtIn: Result<ManifestSchemas, SchemaCompileError> = {
        var registry = SchemaRegistry()
        let loader = YAMLLoader()
        for file in EmbeddedSchemas.files {
            let source = SourceFile(path: "schema/\(file.name)", bytes: Data(file.text.utf8))
            if let root = loader.load(source).documents.first?.root {
                registry.add(root, uri: baseURI + file.name)
            }
        }
        return Result { () throws(SchemaCompileError) -> ManifestSchemas in
            ManifestSchemas(bundle: try JSONSchema.compile(baseURI + "tenancy.schema.json", in: &registry))
        }
    }()

    /// Internal base URI of the embedded files; relative `$ref`s between them resolve against it.
    /// In the form Foundation resolves relative references against unchanged (`tenancy:/x` would
    /// come back as `tenancy:///x`, and a reference from one file into another would be lost).
    static let baseURI = "tenancy:///schema/"

    /// One of the embedded schemas of data files rather than manifests (`usage.schema.json`,
    /// `export.schema.json`), compiled.
    package static func dataSchema(_ file: String) -> Result<JSONSchema, SchemaCompileError> {
        var registry = SchemaRegistry()
        let loader = YAMLLoader()
        for embedded in EmbeddedSchemas.files {
            let source = SourceFile(path: "schema/\(embedded.name)", bytes: Data(embedded.text.utf8))
            if let root = loader.load(source).documents.first?.root { registry.add(root, uri: baseURI + embedded.name) }
        }
        return Result { () throws(SchemaCompileError) -> JSONSchema in try JSONSchema.compile(baseURI + file, in: &registry) }
    }

    /// The problems `schema` finds in `root`, as the loader words a manifest's (`schema.<keyword>`
    /// codes, the value's range and path).
    package static func diagnostics(validating root: Node, with schema: JSONSchema, address: String? = nil) -> Diagnostics {
        Diagnostics(schema.validate(root).map { DocumentChecker.diagnostic($0, address: address) })
    }

    /// Every schema file as schema/ holds it: name and text (with its final line break).
    package static var files: [(name: String, text: String)] { EmbeddedSchemas.files.map { ($0.name, $0.text + "\n") } }

    /// The text of a schema file (`tenancy.schema.json`, `workspace.schema.json`, …).
    package static func text(of file: String) -> String? {
        EmbeddedSchemas.files.first { $0.name == file }.map { $0.text + "\n" }
    }

}

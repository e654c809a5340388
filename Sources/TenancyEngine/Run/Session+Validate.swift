import TenancyModel

extension Session {
    /// Checks the files and folders given (`tenancy validate`): everything the configuration's
    /// checks find, with nothing read of the state. Each folder's own project file chooses what
    /// loads in it; the workspaces stream, as in a plan.
    public static func validate(_ paths: [String]) -> ConfigurationLoader.Result {
        ConfigurationLoader().load(paths: paths, streaming: true)
    }
}

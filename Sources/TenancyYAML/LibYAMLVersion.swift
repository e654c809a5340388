import CYAML

/// The version of the libyaml the program runs with, for `tenancy version` and bug reports.
public enum LibYAMLVersion {
    public static var string: String { String(cString: yaml_get_version_string()) }
}

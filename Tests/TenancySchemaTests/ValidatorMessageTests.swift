import Foundation
import TenancySchema
import TenancyYAML
import XCTest

/// The validator's messages are for people: these pin the wording and the place they point at.
final class ValidatorMessageTests: XCTestCase {
    private func node(_ yaml: String) throws -> Node {
        try XCTUnwrap(YAMLLoader().load(string: yaml).documents.first?.root)
    }

    private func violations(schema: String, instance: String) throws -> [SchemaViolation] {
        try JSONSchema.compile(node(schema)).validate(node(instance))
    }

    func testUnknownFieldPointsAtTheKeyAndSuggests() throws {
        let result = try violations(
            schema: #"{"type": "object", "properties": {"sessionTimeout": {}, "mfa": {}}, "additionalProperties": false}"#,
            instance: "mfa: {}\nsesionTimeout: 15m\n")
        XCTAssertEqual(result.count, 1)
        XCTAssertEqual(result[0].message, "unknown field `sesionTimeout`")
        XCTAssertEqual(result[0].hint, "did you mean `sessionTimeout`?")
        XCTAssertEqual(result[0].range.start.line, 2)
        XCTAssertEqual(result[0].range.start.column, 1)
        XCTAssertEqual(result[0].path, "sesionTimeout")
    }

    func testPathsAndTypeMessages() throws {
        let schema = #"{"properties": {"spec": {"properties": {"items": {"items": {"type": "integer", "minimum": 1}}}}}}"#
        let result = try violations(schema: schema, instance: "spec:\n  items: [1, x, 0]\n")
        XCTAssertEqual(result.map(\.path), ["spec.items[1]", "spec.items[2]"])
        XCTAssertEqual(result.map(\.message), ["expected integer, got the string `x`", "must be at least 1, got 0"])
    }

    func testOneOfReportsTheClosestBranch() throws {
        let schema = #"""
        {"oneOf": [
          {"type": "object", "properties": {"slack": {"type": "object", "required": ["channel"]}}, "required": ["slack"]},
          {"type": "object", "properties": {"email": {"type": "object", "properties": {"addresses": {"type": "array"}}}}, "required": ["email"]}
        ]}
        """#
        let result = try violations(schema: schema, instance: "email: {addresses: nobody}\n")
        XCTAssertEqual(result.count, 1)
        XCTAssertEqual(result[0].path, "email.addresses", "the branch that matched the shape wins, not every branch")
        XCTAssertEqual(result[0].message, "expected array, got the string `nobody`")
        let types = try violations(schema: #"{"oneOf": [{"type": "string"}, {"type": "integer"}]}"#, instance: "[1]\n")
        XCTAssertEqual(types.map(\.message), ["expected string or integer, got a list"])
        let both = try violations(schema: #"{"oneOf": [{"minimum": 1}, {"maximum": 5}]}"#, instance: "3\n")
        XCTAssertEqual(both.map(\.message), ["matches more than one of the alternatives (1 and 2)"])
    }

    func testCustomMessagesAndEnumSuggestions() throws {
        let schema = #"{"properties": {"idle": {"type": "string", "pattern": "^[0-9]+m$", "x-error-message": "must be minutes, such as 15m"}, "tier": {"enum": ["starter", "enterprise"]}}}"#
        let result = try violations(schema: schema, instance: "idle: 15 minutes\ntier: enterprize\n")
        XCTAssertEqual(result.map(\.message), ["must be minutes, such as 15m",
                                               "the string `enterprize` is not one of `starter`, `enterprise`"])
        XCTAssertEqual(result[1].hint, "did you mean `enterprise`?")
    }

    func testRequiredPointsAtTheParentKey() throws {
        let result = try violations(schema: #"{"properties": {"metadata": {"required": ["name"]}}}"#,
                                    instance: "kind: Team\nmetadata:\n  labels: {}\n")
        XCTAssertEqual(result.map(\.message), ["missing required field `name`"])
        XCTAssertEqual(result[0].range.start.line, 2, "at `metadata:`, the mapping that lacks it")
    }

    func testSelfReferenceWithoutEndIsAnErrorNotAHang() throws {
        let result = try violations(schema: ##"{"definitions": {"a": {"$ref": "#/definitions/a"}}, "$ref": "#/definitions/a"}"##,
                                    instance: "1\n")
        XCTAssertEqual(result.first?.keyword, "$ref")
    }

    func testCompileErrorsAreTyped() throws {
        XCTAssertThrowsError(try JSONSchema.compile(node(##"{"$ref": "#/definitions/missing"}"##))) { error in
            guard case SchemaCompileError.unresolvedReference(let ref, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(ref, "#/definitions/missing")
        }
        XCTAssertThrowsError(try JSONSchema.compile(node(#"{"pattern": "(["}"#)))
        XCTAssertThrowsError(try JSONSchema.compile(node(#"{"minLength": -1}"#)))
    }
}

import CYAML
import Foundation

/// libyaml's bare event loop over the same bytes: parse every event and free it, nothing else.
/// No libyaml-based loader can be faster, so it is the yardstick the loader is measured against.
enum RawEventLoop {
    /// Returns the number of events, so that the loop cannot be optimised away.
    static func run<Bytes: ContiguousBytes>(_ data: Bytes) -> Int {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) != 0 else { return 0 }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, base, raw.count)
            var event = yaml_event_t()
            var events = 0
            while yaml_parser_parse(&parser, &event) != 0 {
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                events += 1
                if done { break }
            }
            return events
        }
    }
}

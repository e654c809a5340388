import TenancyCLI

// glibc's allocator runs with its defaults. (Earlier versions kept freed memory and served big
// arrays from the heap, to spare page faults when a run built and dropped large trees; since
// plans stream the configuration and the state, that kept more memory than it saved time.)
Tenancy.main()

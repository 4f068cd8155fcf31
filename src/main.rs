//! The `catchment` command: parses arguments and hands over to `cli`.

mod cli;

use std::process::ExitCode;

/// Import and area loading allocate many small strings on one thread and free them on
/// another; mimalloc handles that several times faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run()
}

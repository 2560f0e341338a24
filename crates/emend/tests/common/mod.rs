//! What the library's integration tests share.

use emend::Options;

/// Every normalisation off: the repairs alone.
pub fn repairs_only() -> Options {
    Options {
        disabled: emend::rules::normalisation_names()
            .into_iter()
            .map(str::to_string)
            .collect(),
        ..Options::default()
    }
}

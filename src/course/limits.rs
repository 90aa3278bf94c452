//! Bounds on what a package may make Slate read. Packages come from USB
//! sticks and are untrusted: every size, count and depth has a ceiling, and
//! going past one is a diagnostic, never an out-of-memory or a hang.

/// `course.toml` and each quiz file.
pub const MAX_TOML_BYTES: u64 = 1024 * 1024;
/// Each lesson (Markdown) file.
pub const MAX_LESSON_BYTES: u64 = 4 * 1024 * 1024;
/// Files in a package folder or entries in a zip.
pub const MAX_FILES: usize = 20_000;
/// Folder depth walked inside a package.
pub const MAX_DIR_DEPTH: usize = 16;
/// Sum of the uncompressed sizes of all entries of a zip.
pub const MAX_ZIP_TOTAL_BYTES: u64 = 512 * 1024 * 1024;
/// Uncompressed : compressed ratio above which a large zip entry is a bomb.
/// Real Markdown compresses 3-10x; deflate's ceiling is about 1,000x.
pub const MAX_ZIP_RATIO: u64 = 100;
/// Entries smaller than this are never called bombs, whatever their ratio.
pub const ZIP_RATIO_MIN_BYTES: u64 = 1024 * 1024;
/// Nesting of Markdown containers (lists, quotes, footnotes) and of inline
/// emphasis; deeper content is refused before anything recurses over it.
pub const MAX_MARKDOWN_DEPTH: usize = 32;
/// Diagnostics of one kind listed for one file; the rest are counted in one
/// line ("and 19,980 more"), so a file that repeats one mistake costs
/// neither minutes nor gigabytes to report.
pub const MAX_SAME_DIAGNOSTICS: usize = 20;
/// Nesting of TOML arrays and inline tables.
pub const MAX_TOML_DEPTH: usize = 16;

//! The few helpers every layer needs and none owns: writing a file so that
//! a pulled stick never leaves half of it, hexadecimal for digests, and an
//! I/O error said as a person would. The bottom layer: it names no other
//! module of Slate.

use std::io::Write as _;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// flushed to the device before it takes the final name: a pulled stick or
/// a full disk leaves the old file (or none), never half of the new one.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        Some(_) | None => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| format!("{}: not a file name", path.display()))?;
    let tmp = dir.join(format!(".{}.part", name.to_string_lossy()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: {}", path.display(), io_reason(&e))
    })
}

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadFileError {
    /// Not a regular file: what it is instead ("a named pipe (FIFO)").
    NotAFile(&'static str),
    TooLarge(u64),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadFileError::NotAFile(what) => write!(f, "it is {what}, not a file"),
            ReadFileError::TooLarge(bytes) => {
                write!(f, "it is too large ({} MiB)", bytes.div_ceil(1024 * 1024))
            }
            ReadFileError::Io(e) => f.write_str(&io_reason(e)),
        }
    }
}

/// What a path is when it is not a regular file, in words.
pub fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let ft = meta.file_type();
    if ft.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    "not a regular file"
}

/// Opens `path` for reading only if it is a regular file (following
/// links). Opening a named pipe waits for a writer forever, and a device or
/// a socket never ends, so anything else is refused before it is opened;
/// on Unix the open itself does not wait either, should the file be
/// swapped for a pipe in between.
pub fn open_regular(path: &Path) -> Result<(std::fs::File, std::fs::Metadata), ReadFileError> {
    let meta = std::fs::metadata(path).map_err(ReadFileError::Io)?;
    if !meta.is_file() {
        return Err(ReadFileError::NotAFile(kind_of(&meta)));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadFileError::Io)?;
    let meta = file.metadata().map_err(ReadFileError::Io)?;
    if !meta.is_file() {
        return Err(ReadFileError::NotAFile(kind_of(&meta)));
    }
    Ok((file, meta))
}

/// The bytes of the regular file at `path`, refused when over `cap`
/// before anything is read (and never reading past it, should it grow).
pub fn read_regular(path: &Path, cap: u64) -> Result<Vec<u8>, ReadFileError> {
    use std::io::Read as _;
    let (file, meta) = open_regular(path)?;
    if meta.len() > cap {
        return Err(ReadFileError::TooLarge(meta.len()));
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    file.take(cap.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(ReadFileError::Io)?;
    if buf.len() as u64 > cap {
        return Err(ReadFileError::TooLarge(buf.len() as u64));
    }
    Ok(buf)
}

/// Lower-case hexadecimal, two digits a byte.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// JSON for files and terminals alike: serde_json escapes the C0
/// controls, but leaves C1 controls (U+0080 to U+009F, which some
/// terminals take as escapes) and the bidirectional controls (which can
/// reorder what a reader sees) as they are. These writers escape them as
/// `\uXXXX` too; the value is the same JSON.
pub mod json {
    use std::io;

    use serde::Serialize;
    use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

    /// Whether `c` is written as an escape.
    fn hidden(c: char) -> bool {
        matches!(c,
            '\u{80}'..='\u{9f}'
            | '\u{061c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}')
    }

    struct Safe<F>(F);

    impl<F: Formatter> Formatter for Safe<F> {
        fn write_string_fragment<W: ?Sized + io::Write>(
            &mut self,
            w: &mut W,
            fragment: &str,
        ) -> io::Result<()> {
            let mut start = 0;
            for (i, c) in fragment.char_indices() {
                if hidden(c) {
                    w.write_all(fragment.get(start..i).unwrap_or_default().as_bytes())?;
                    write!(w, "\\u{:04x}", u32::from(c))?;
                    start = i + c.len_utf8();
                }
            }
            w.write_all(fragment.get(start..).unwrap_or_default().as_bytes())
        }

        fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.begin_array(w)
        }
        fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_array(w)
        }
        fn begin_array_value<W: ?Sized + io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> io::Result<()> {
            self.0.begin_array_value(w, first)
        }
        fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_array_value(w)
        }
        fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.begin_object(w)
        }
        fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_object(w)
        }
        fn begin_object_key<W: ?Sized + io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> io::Result<()> {
            self.0.begin_object_key(w, first)
        }
        fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_object_key(w)
        }
        fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.begin_object_value(w)
        }
        fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            self.0.end_object_value(w)
        }
    }

    /// Pretty JSON, two-space indents, with hidden controls escaped.
    pub fn to_writer_pretty<W: io::Write, T: ?Sized + Serialize>(
        w: W,
        value: &T,
    ) -> serde_json::Result<()> {
        let mut ser = serde_json::Serializer::with_formatter(w, Safe(PrettyFormatter::new()));
        value.serialize(&mut ser)
    }

    pub fn to_vec_pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<Vec<u8>> {
        let mut out = Vec::new();
        to_writer_pretty(&mut out, value)?;
        Ok(out)
    }

    /// Compact JSON (one line), with hidden controls escaped.
    pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<Vec<u8>> {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, Safe(CompactFormatter));
        value.serialize(&mut ser)?;
        Ok(out)
    }

    pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
        // The writers write UTF-8 only (escapes are ASCII).
        to_vec_pretty(value).map(|b| String::from_utf8_lossy(&b).into_owned())
    }
}

/// Sets `key` of a JSON object to `value` (nothing, if `object` is not one:
/// the records build their own objects, so it always is).
pub fn set_field(object: &mut serde_json::Value, key: &str, value: serde_json::Value) {
    if let Some(map) = object.as_object_mut() {
        map.insert(key.to_string(), value);
    }
}

/// Why an I/O operation failed, in words a teacher understands.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::StorageFull => "the disk is full".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.json");
        write_file(&path, b"old").unwrap();
        write_file(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let err = write_file(&dir.path().join("missing/records.json"), b"x").unwrap_err();
        assert!(err.contains("no such file"), "{err}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("course.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let err = read_regular(&fifo, 1024).unwrap_err();
        assert!(err.to_string().contains("named pipe"), "{err}");
        // Also behind a link.
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        assert!(matches!(
            read_regular(&link, 1024),
            Err(ReadFileError::NotAFile(_))
        ));
        assert!(matches!(
            read_regular(dir.path(), 1024),
            Err(ReadFileError::NotAFile("a folder"))
        ));
        let file = dir.path().join("f");
        std::fs::write(&file, b"12345").unwrap();
        assert_eq!(read_regular(&file, 5).unwrap(), b"12345");
        assert!(matches!(
            read_regular(&file, 4),
            Err(ReadFileError::TooLarge(5))
        ));
    }

    #[test]
    fn json_escapes_what_a_terminal_or_a_reader_would_take_as_control() {
        let v = serde_json::json!({"t\u{9b}": ["a\u{9b}2J\u{202e}b\u{1b}", "Nguyễn 数字 ກິນ"]});
        for bytes in [json::to_vec(&v).unwrap(), json::to_vec_pretty(&v).unwrap()] {
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "{text:?}"
            );
            assert!(!text.contains('\u{202e}'));
            assert!(text.contains("\\u009b") && text.contains("Nguyễn 数字 ກິນ"));
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, v, "the same JSON value");
        }
        assert_eq!(
            json::to_string_pretty(&v).unwrap(),
            serde_json::to_string_pretty(&v)
                .unwrap()
                .replace('\u{9b}', "\\u009b")
                .replace('\u{202e}', "\\u202e")
        );
    }

    #[test]
    fn hex_is_two_lower_case_digits_a_byte() {
        assert_eq!(hex(&[0, 0xab, 0x10]), "00ab10");
        assert_eq!(hex(&[]), "");
    }
}

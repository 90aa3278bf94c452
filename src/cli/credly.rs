//! `slate export --format credly`: the bulk-issue CSV of Credly, filled
//! into the template the school downloaded from Credly. Credly changes the
//! template's headers over time ("download a fresh template every time"),
//! so its columns are found by their header names, not by position, and
//! every column Slate does not fill is kept, empty.

use std::path::Path;
use std::process::ExitCode;

use super::credential::{NameOrder, split_name};
use super::options::Options;
use super::out::{say, tell};
use super::records::{courses, open_store};
use crate::records::export::{bundle, now, packages};
use crate::text::{one_line, quote};
use crate::util::write_file;

/// A template is a header row and a few example rows: anything larger is
/// not one.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// The columns Slate fills, as Credly's template names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    TemplateId,
    Email,
    FirstName,
    LastName,
    IssuedAt,
}

impl Column {
    const ALL: [Column; 5] = [
        Column::TemplateId,
        Column::Email,
        Column::FirstName,
        Column::LastName,
        Column::IssuedAt,
    ];

    /// The name Credly's current template gives the column.
    fn name(self) -> &'static str {
        match self {
            Column::TemplateId => "Badge Template ID",
            Column::Email => "Recipient Email",
            Column::FirstName => "First Name",
            Column::LastName => "Last Name",
            Column::IssuedAt => "Issued at Date",
        }
    }

    /// The names it has had or may have, normalized (see [`normalize`]).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::TemplateId => &["badgetemplateid", "templateid", "badgetemplate"],
            Column::Email => &[
                "recipientemail",
                "recipientemailaddress",
                "email",
                "emailaddress",
                "issuedtoemail",
            ],
            Column::FirstName => &["firstname", "issuedtofirstname", "recipientfirstname"],
            Column::LastName => &["lastname", "issuedtolastname", "recipientlastname"],
            Column::IssuedAt => &[
                "issuedatdate",
                "issuedat",
                "issueddate",
                "issuedate",
                "dateissued",
            ],
        }
    }
}

/// A header as a key: lower case letters and digits only, without a part
/// in parentheses (`Issued at Date (mm/dd/yy)*` is `issuedatdate`).
fn normalize(header: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in header.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

/// A template read: its header row as written, where each filled column
/// is, how many example rows it had, and how it was written (a byte order
/// mark, CRLF line ends), so that the file written looks like it.
#[derive(Debug)]
pub struct Template {
    header: Vec<String>,
    at: [usize; 5],
    pub examples: usize,
    bom: bool,
    ends: LineEnd,
}

/// How the template's lines end, kept in the file written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineEnd {
    Lf,
    CrLf,
    Cr,
}

pub fn read_template(bytes: &[u8]) -> Result<Template, String> {
    let (bom, bytes) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "it is not UTF-8 text (byte {}); save it from the spreadsheet as \"CSV UTF-8\"",
            e.valid_up_to()
        )
    })?;
    // UTF-16 without a byte order mark reads as UTF-8 with a NUL in every
    // other byte; a spreadsheet's CSV has none.
    if text.contains('\0') {
        return Err(
            "it has NUL bytes (saved as UTF-16?); save it from the spreadsheet as \"CSV UTF-8\""
                .into(),
        );
    }
    let ends = if text.contains("\r\n") {
        LineEnd::CrLf
    } else if text.contains('\r') {
        LineEnd::Cr
    } else {
        LineEnd::Lf
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(r)) => r.iter().map(str::to_string).collect(),
        Some(Err(e)) => return Err(format!("line 1: {e}")),
        None => return Err("it is empty: download the bulk-issue template from Credly".into()),
    };
    // Written back as they are: a header Credly wrote has no control
    // characters, and one that has could reach a terminal (`-o -`).
    let unsafe_header =
        |h: &String| h.chars().any(char::is_control) || crate::text::sanitize(h) != h.as_str();
    if let Some((n, h)) = header.iter().enumerate().find(|(_, h)| unsafe_header(h)) {
        return Err(format!(
            "line 1, column {}: a control character in the header {}; is it Credly's bulk-issue template?",
            n + 1,
            quote(h)
        ));
    }
    let mut at = [0usize; 5];
    let mut missing = Vec::new();
    for (slot, column) in at.iter_mut().zip(Column::ALL) {
        let found: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, h)| column.aliases().contains(&normalize(h).as_str()))
            .map(|(i, _)| i)
            .collect();
        match found.as_slice() {
            [i] => *slot = *i,
            [] => missing.push(column.name()),
            [a, b, ..] => {
                return Err(format!(
                    "line 1: columns {} and {} are both {}",
                    a + 1,
                    b + 1,
                    quote(column.name())
                ));
            }
        }
    }
    if !missing.is_empty() {
        let shown: Vec<String> = header.iter().take(30).map(|h| quote(h)).collect();
        return Err(format!(
            "line 1: no column {} among its headers ({}); is it Credly's bulk-issue template?",
            missing
                .iter()
                .map(|m| quote(m))
                .collect::<Vec<_>>()
                .join(", "),
            shown.join(", ")
        ));
    }
    let mut examples = 0;
    for (n, r) in records.enumerate() {
        match r {
            Ok(r) if r.iter().all(|c| c.trim().is_empty()) => {}
            Ok(_) => examples += 1,
            Err(e) => return Err(format!("line {}: {e}", n + 2)),
        }
    }
    Ok(Template {
        header,
        at,
        examples,
        bom,
        ends,
    })
}

/// One credential to issue on Credly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub template_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// `mm/dd/yy`, as Credly reads it.
    pub issued: String,
}

/// The template with its header row and one row per credential, every
/// column Slate does not fill left empty.
pub fn fill(t: &Template, rows: &[Row]) -> Result<Vec<u8>, String> {
    let terminator = match t.ends {
        LineEnd::CrLf => csv::Terminator::CRLF,
        LineEnd::Cr => csv::Terminator::Any(b'\r'),
        LineEnd::Lf => csv::Terminator::Any(b'\n'),
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(terminator)
        .from_writer(Vec::new());
    w.write_record(&t.header).map_err(|e| e.to_string())?;
    for row in rows {
        let mut cells = vec![String::new(); t.header.len()];
        for (i, column) in t.at.iter().zip(Column::ALL) {
            if let Some(c) = cells.get_mut(*i) {
                *c = cell(match column {
                    Column::TemplateId => &row.template_id,
                    Column::Email => &row.email,
                    Column::FirstName => &row.first_name,
                    Column::LastName => &row.last_name,
                    Column::IssuedAt => &row.issued,
                });
            }
        }
        w.write_record(&cells).map_err(|e| e.to_string())?;
    }
    let body = w.into_inner().map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(body.len() + 3);
    if t.bom {
        out.extend_from_slice(b"\xef\xbb\xbf");
    }
    out.extend(body);
    Ok(out)
}

/// A cell from a learner's text: on one line, without control characters,
/// and never a formula for the spreadsheet that opens it.
fn cell(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    super::credential::spreadsheet_safe(clean.trim())
}

/// Whether Credly's upload can take `email` as written: one `@` between
/// a name and a domain, nothing a CSV or a spreadsheet would read
/// otherwise (a separator, a quote, a space, a formula's first sign).
fn usable_email(email: &str) -> Result<(), &'static str> {
    let Some((local, domain)) = email.split_once('@') else {
        return Err("the email has no @");
    };
    if local.is_empty() || domain.is_empty() || domain.contains('@') || !domain.contains('.') {
        return Err("the email is not an address");
    }
    if email
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || ",;\"'<>()[]\\".contains(c))
    {
        return Err("the email has spaces, quotes or separators in it");
    }
    if email.starts_with(['=', '+', '-', '@']) {
        return Err("the email starts with a sign a spreadsheet reads as a formula");
    }
    Ok(())
}

/// A recorded time as Credly's date, `mm/dd/yy` (UTC).
pub fn credly_date(at: &str) -> Option<String> {
    let t = time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
        .ok()?
        .to_offset(time::UtcOffset::UTC);
    Some(format!(
        "{:02}/{:02}/{:02}",
        u8::from(t.month()),
        t.day(),
        t.year().rem_euclid(100)
    ))
}

pub struct CredlyArgs<'a> {
    pub course: Option<&'a str>,
    pub template: Option<&'a Path>,
    pub template_id: Option<&'a str>,
    pub name_order: NameOrder,
    /// Only this learner (`--learner`); else every learner of the folder.
    pub learner: Option<&'a str>,
    pub out: &'a Path,
}

/// Every learner of the data folder (or the one named) who completed the
/// course, as rows of the template; those without an email are said.
pub fn export(opts: &Options, args: &CredlyArgs) -> ExitCode {
    let fail = |msg: String| {
        tell(format!("slate: {msg}"));
        ExitCode::FAILURE
    };
    let Some(course_id) = args.course else {
        return fail("--format credly needs --course ID: a Credly template is one badge".into());
    };
    let Some(template_path) = args.template else {
        return fail("--format credly needs --template FILE: the bulk-issue CSV template downloaded from Credly (download a fresh one each time)".into());
    };
    let Some(template_id) = args.template_id else {
        return fail("--format credly needs --template-id ID: the id of the badge template on Credly (in the template's page address)".into());
    };
    let template_id = template_id.trim();
    if uuid::Uuid::parse_str(template_id).is_err() {
        return fail(format!(
            "--template-id {}: a Credly badge template id is a UUID, such as 5b8e3c1a-2f4d-4e6b-9a7c-0d1e2f3a4b5c",
            quote(template_id)
        ));
    }
    let bytes = match crate::util::read_regular(template_path, MAX_TEMPLATE_BYTES) {
        Ok(b) => b,
        Err(crate::util::ReadFileError::TooLarge(_)) => {
            return fail(format!(
                "--template {}: larger than 1 MiB, so not Credly's template (a header row and an example)",
                one_line(&template_path.display().to_string())
            ));
        }
        Err(e) => {
            return fail(format!(
                "--template {}: {e}",
                one_line(&template_path.display().to_string())
            ));
        }
    };
    let template = match read_template(&bytes) {
        Ok(t) => t,
        Err(e) => {
            return fail(format!(
                "--template {}: {e}",
                one_line(&template_path.display().to_string())
            ));
        }
    };
    let Some(dir) = &opts.data_dir else {
        return fail("no data folder: give one with --data-dir DIR".into());
    };
    let store = match open_store(dir, false) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let learners = match args.learner {
        Some(name) => match store.find_learner(name) {
            Ok(Some(l)) => vec![l],
            Ok(None) => return fail(format!("no learner called {}", quote(name))),
            Err(e) => return fail(e.to_string()),
        },
        None => match store.learners() {
            Ok(v) => v,
            Err(e) => return fail(e.to_string()),
        },
    };
    let library = crate::course::Library::load(&opts.courses, None, true, None);
    let courses = courses(&library);
    let packages = packages(&courses, &library.sources);
    let Some(course) = packages.iter().find(|p| p.course.id == course_id) else {
        return fail(format!(
            "no course {} in the library (add its folder with --courses DIR)",
            quote(course_id)
        ));
    };
    let mut rows = Vec::new();
    let mut no_email = Vec::new();
    let mut unusable: Vec<String> = Vec::new();
    let mut unfinished = 0;
    for learner in &learners {
        let (bundle, _) = match bundle(&store, learner, &packages, Some(course_id), now()) {
            Ok(b) => b,
            Err(e) => return fail(e),
        };
        super::records::tell_unreadable(&bundle);
        let Some(record) = bundle.courses.first() else {
            continue;
        };
        let Some(done) = record.completions(course.course).into_iter().next() else {
            unfinished += 1;
            continue;
        };
        let Some(email) = learner
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
        else {
            no_email.push(learner.name.clone());
            continue;
        };
        if let Err(why) = usable_email(email) {
            unusable.push(format!("{} ({why})", quote(&learner.name)));
            continue;
        }
        let (first_name, last_name) = split_name(&learner.name, args.name_order);
        if first_name.is_empty() {
            unusable.push(format!("{} (no name)", quote(email)));
            continue;
        }
        rows.push(Row {
            template_id: template_id.to_string(),
            email: email.to_string(),
            first_name,
            last_name,
            issued: credly_date(&done.at).unwrap_or_default(),
        });
    }
    let bytes = match fill(&template, &rows) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    if template.examples > 0 {
        tell(format!(
            "slate: note: left out the template's {} example rows",
            template.examples
        ));
    }
    if !no_email.is_empty() {
        let names: Vec<String> = no_email.iter().map(|n| quote(n)).collect();
        tell(format!(
            "slate: {} learners completed {} but have no email, so Credly cannot be sent them: {} (add one in the player's learner screen, then export again)",
            no_email.len(),
            quote(course_id),
            names.join(", ")
        ));
    }
    if !unusable.is_empty() {
        tell(format!(
            "slate: {} learners completed {} but Credly cannot take their details: {} (correct them in the player's learner screen, then export again)",
            unusable.len(),
            quote(course_id),
            unusable.join(", ")
        ));
    }
    if unfinished > 0 {
        tell(format!(
            "slate: note: {unfinished} learners studied {} but have not completed it",
            quote(course_id)
        ));
    }
    if args.out == Path::new("-") {
        use std::io::Write as _;
        return match std::io::stdout().lock().write_all(&bytes) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(e.to_string()),
        };
    }
    match write_file(args.out, &bytes) {
        Ok(()) => {
            say(format!(
                "{} credentials for Credly in {}",
                rows.len(),
                one_line(&args.out.display().to_string())
            ));
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("{e}; nothing was written")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(email: &str) -> Row {
        Row {
            template_id: "5b8e3c1a-2f4d-4e6b-9a7c-0d1e2f3a4b5c".into(),
            email: email.into(),
            first_name: "Thị Lan".into(),
            last_name: "Nguyễn".into(),
            issued: "12/02/26".into(),
        }
    }

    #[test]
    fn columns_are_found_by_name_wherever_they_are() {
        // Credly's headers, reordered, with an extra column, marks and
        // notes, an example row, CRLF line ends and a byte order mark.
        let t = b"\xef\xbb\xbfIssued to First Name*,Notes,Issued at Date (mm/dd/yy),Recipient Email*,Last Name,Badge Template ID,Evidence URL\r\nJane,,01/02/24,jane@example.com,Doe,abc,\r\n";
        let t = read_template(t).unwrap();
        assert_eq!(t.examples, 1);
        let out = String::from_utf8(fill(&t, &[row("lan@example.edu.vn")]).unwrap()).unwrap();
        assert_eq!(
            out,
            "\u{feff}Issued to First Name*,Notes,Issued at Date (mm/dd/yy),Recipient Email*,Last Name,Badge Template ID,Evidence URL\r\n\
             Thị Lan,,12/02/26,lan@example.edu.vn,Nguyễn,5b8e3c1a-2f4d-4e6b-9a7c-0d1e2f3a4b5c,\r\n"
        );
    }

    #[test]
    fn a_file_that_is_not_the_template_says_what_is_missing() {
        let e = read_template(b"Name,Email\n").unwrap_err();
        assert!(
            e.contains("\"Badge Template ID\"") && e.contains("\"Issued at Date\""),
            "{e}"
        );
        let e = read_template(
            b"Badge Template ID,Email,Recipient Email,First Name,Last Name,Issued at Date\n",
        )
        .unwrap_err();
        assert!(e.contains("both \"Recipient Email\""), "{e}");
        assert!(read_template(b"").unwrap_err().contains("empty"));
        assert!(read_template(b"\xff\xfeB\0").unwrap_err().contains("UTF-8"));
    }

    #[test]
    fn cells_are_one_line_and_never_a_formula() {
        let t = read_template(
            b"Badge Template ID,Recipient Email,First Name,Last Name,Issued at Date\n",
        )
        .unwrap();
        let mut r = row("=HYPERLINK(\"http://x\")@a");
        r.first_name = "Lan\n\u{1b}[31m".into();
        let out = String::from_utf8(fill(&t, &[r]).unwrap()).unwrap();
        assert!(out.contains(",\"'=HYPERLINK("), "{out}");
        assert!(!out.contains('\u{1b}') && out.lines().count() == 2, "{out}");
    }

    #[test]
    fn only_addresses_credly_takes_are_sent() {
        assert!(usable_email("lan@example.edu.vn").is_ok());
        for bad in [
            "lan",
            "@x.org",
            "lan@",
            "lan@localhost",
            "a,b@y.org",
            "q\"x@y.org",
            "t\tx@y.org",
            "+x@y.org",
            "=1+1@y.org",
            "a@b@c.org",
        ] {
            assert!(usable_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn templates_with_nul_or_control_characters_are_refused() {
        let utf16: Vec<u8> = "Badge Template ID,Recipient Email\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(read_template(&utf16).unwrap_err().contains("NUL"));
        let e = read_template(
            b"Badge Template ID\x1b]0;x\x07,Recipient Email,First Name,Last Name,Issued at Date\n",
        )
        .unwrap_err();
        assert!(e.contains("column 1") && !e.contains('\u{1b}'), "{e}");
    }

    #[test]
    fn old_mac_line_ends_are_kept() {
        let t = read_template(
            b"Badge Template ID,Recipient Email,First Name,Last Name,Issued at Date\rx,y,z,w,v\r",
        )
        .unwrap();
        assert_eq!(t.examples, 1);
        let out = fill(&t, &[row("lan@example.edu.vn")]).unwrap();
        assert!(!out.contains(&b'\n') && out.iter().filter(|b| **b == b'\r').count() == 2);
    }

    #[test]
    fn dates_are_month_day_year() {
        assert_eq!(
            credly_date("2026-12-02T23:59:59Z").as_deref(),
            Some("12/02/26")
        );
        assert_eq!(
            credly_date("2027-01-09T01:00:00+07:00").as_deref(),
            Some("01/08/27")
        );
        assert_eq!(credly_date("yesterday"), None);
    }
}

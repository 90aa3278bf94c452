//! The command line: one module per subcommand. `main.rs` only parses the
//! arguments (clap) and calls into here.

pub mod check;
pub mod config;
pub mod credential;
pub mod credly;
pub mod data;
pub mod import;
pub mod list;
pub mod new;
pub mod options;
pub mod out;
pub mod pack;
pub mod play;
pub mod print;
pub mod progress;
pub mod records;
pub mod verify;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use options::options;

#[derive(Debug, Parser)]
#[command(
    name = "slate",
    version,
    about = "A terminal course player for teachers' digital-competence training"
)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Every option a command may take, as given before the subcommand (or
/// with none), each group merged with the subcommand's own.
#[derive(Debug, Args, Clone, Default)]
pub struct Common {
    #[command(flatten)]
    pub library: LibraryArgs,
    #[command(flatten)]
    pub screen: ScreenArgs,
    #[command(flatten)]
    pub learner: LearnerArg,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub config: ConfigArg,
}

/// Where the library's courses come from.
#[derive(Debug, Args, Clone, Default)]
pub struct LibraryArgs {
    /// A folder of course packages (folders or .zip) to add to the library; repeatable.
    #[arg(long = "courses", value_name = "DIR")]
    pub courses: Vec<PathBuf>,
    /// Trust packages signed by this publisher (its did:key, or its key file); repeatable, beside the configuration's [publishers] trust.
    #[arg(long, value_name = "KEY")]
    pub trust_publisher: Vec<String>,
}

/// How the player's screens look.
#[derive(Debug, Args, Clone, Default)]
pub struct ScreenArgs {
    /// Language of the screens (en, vi, lo, zh-CN); default: the configuration, then LANG.
    #[arg(long, value_name = "TAG")]
    pub lang: Option<String>,
    /// Draw with plain ASCII (for terminals without Unicode box drawing).
    #[arg(long)]
    pub ascii: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct LearnerArg {
    /// The learner, by name (as on the learner screen).
    #[arg(long, value_name = "NAME")]
    pub learner: Option<String>,
}

/// Where progress is kept.
#[derive(Debug, Args, Clone, Default)]
pub struct DataArgs {
    /// Folder for the progress database (default: SLATE_DATA_DIR, then
    /// slate-data/ beside the program, then the platform's data folder).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Keep progress in slate-data/ beside the program (for USB sticks).
    #[arg(long)]
    pub portable: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct ConfigArg {
    /// Configuration file to use instead of the default one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl Common {
    /// These options (the subcommand's) over `top` (given before it).
    fn over(self, top: &Common) -> Common {
        let mut courses = top.library.courses.clone();
        courses.extend(self.library.courses);
        let mut trust_publisher = top.library.trust_publisher.clone();
        trust_publisher.extend(self.library.trust_publisher);
        Common {
            library: LibraryArgs {
                courses,
                trust_publisher,
            },
            screen: ScreenArgs {
                lang: self.screen.lang.or_else(|| top.screen.lang.clone()),
                ascii: self.screen.ascii || top.screen.ascii,
            },
            learner: LearnerArg {
                learner: self.learner.learner.or_else(|| top.learner.learner.clone()),
            },
            data: DataArgs {
                data_dir: self.data.data_dir.or_else(|| top.data.data_dir.clone()),
                portable: self.data.portable || top.data.portable,
            },
            config: ConfigArg {
                config: self.config.config.or_else(|| top.config.config.clone()),
            },
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open one course package (folder or .zip) in the player.
    Play {
        /// The course folder or .zip.
        path: PathBuf,
        #[command(flatten)]
        screen: ScreenArgs,
        #[command(flatten)]
        learner: LearnerArg,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// The player on a course being written: every save shown at once, at the same place, with the package's problems in a panel and an answer-key view (`a`).
    Preview {
        /// The course folder (or .zip).
        path: PathBuf,
        /// Look for saves by polling even where file events arrive (they do not on some network folders).
        #[arg(long)]
        poll: bool,
        #[command(flatten)]
        screen: ScreenArgs,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Check course packages (folders or .zip files) and report every problem.
    Check {
        /// Course folders or .zip packages; a folder holding several packages checks each.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail (exit 1) on warnings too, for a trainer's CI.
        #[arg(long)]
        deny_warnings: bool,
        /// Also grade every question by its answer key (full marks expected) and by a wrong answer (less expected).
        #[arg(long)]
        answers: bool,
        /// Trust packages signed by this publisher (its did:key, or its key file); repeatable.
        #[arg(long, value_name = "KEY")]
        trust_publisher: Vec<String>,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Pack a course folder into the zip a trainer hands out: checked, only the course's own files, the same bytes every time, with a manifest of every file's SHA-256.
    Pack {
        /// The course folder.
        dir: PathBuf,
        /// The zip to write (replaced if it exists).
        #[arg(short = 'o', long = "output", value_name = "NAME.zip")]
        output: PathBuf,
        /// Sign the manifest with this key (from `slate keygen --name`), so that learners see who published the course.
        #[arg(long, value_name = "KEY")]
        sign: Option<PathBuf>,
    },
    /// Write a new course skeleton (course.toml, a lesson, a quiz with a question of each type) into a new or empty folder.
    New {
        /// The folder to create (it must not exist, or be empty).
        dir: PathBuf,
        /// The course's default content language.
        #[arg(long, value_name = "TAG", default_value = "en")]
        language: String,
        /// The languages it is translated into, e.g. `en,lo` (repeatable).
        #[arg(long, value_name = "TAGS")]
        translations: Vec<String>,
    },
    /// List the courses of the library without opening the player.
    List {
        #[command(flatten)]
        library: LibraryArgs,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Write the whole course as one self-contained, printable HTML page (for studying on paper).
    Print {
        /// The course folder or .zip.
        path: PathBuf,
        /// The HTML file to write (`-` for standard output).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// A content language of the course (default: the course's own), e.g. vi.
        #[arg(long, value_name = "TAG")]
        lang: Option<String>,
        /// The trainer's answer key: right choices marked, accepted answers, feedback and explanations.
        #[arg(long)]
        answers: bool,
        /// Print each question's hint under it.
        #[arg(long)]
        hints: bool,
    },
    /// Print learners' progress from the database (for scripts and school administrators).
    Progress {
        /// Only this learner.
        #[arg(long, value_name = "NAME")]
        learner: Option<String>,
        /// How to print the progress: a table for people, or JSON for scripts.
        #[arg(long, value_enum, default_value_t = ProgressFormat::Human)]
        format: ProgressFormat,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Forget a learner's progress in a course, or in one quiz of it.
    Reset {
        /// The learner, by name.
        #[arg(long, value_name = "NAME")]
        learner: String,
        /// The course, by id (as `slate progress` lists it).
        #[arg(long, value_name = "ID")]
        course: String,
        /// Only this quiz of the course, by id: its attempts are forgotten.
        #[arg(long, value_name = "ID")]
        quiz: Option<String>,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// List the learners, or delete one with all their progress.
    Learners {
        /// Delete this learner (by name) and all their progress.
        #[arg(long, value_name = "NAME")]
        delete: Option<String>,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Write a learner's records (a bundle for the issuer, or xAPI statements), or Credly's bulk-issue CSV, to a file.
    Export {
        /// Only this course (by id); default: every course studied. Required with --format credly.
        #[arg(long, value_name = "ID")]
        course: Option<String>,
        /// What to write: a record bundle for the issuer, xAPI statements, or Credly's bulk-issue CSV of every learner who completed the course.
        #[arg(long, value_enum, default_value_t = records::ExportFormat::Bundle)]
        format: records::ExportFormat,
        /// With --format xapi: one statement per line instead of a JSON array.
        #[arg(long)]
        ndjson: bool,
        /// With --format credly: the bulk-issue CSV template downloaded from Credly, filled by its header names.
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
        /// With --format credly: the badge template's id on Credly.
        #[arg(long, value_name = "UUID")]
        template_id: Option<String>,
        /// With --format credly: how learners' names are written, for the first and last names.
        #[arg(long, value_enum, default_value_t = credential::NameOrder::FamilyFirst)]
        name_order: credential::NameOrder,
        /// The file to write (`-` for standard output).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        learner: LearnerArg,
        #[command(flatten)]
        library: LibraryArgs,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Send learners' unsent xAPI statements to a learning record store.
    Sync {
        /// The LRS's xAPI endpoint, e.g. https://lrs.example.org/xAPI
        #[arg(long, value_name = "URL")]
        lrs: String,
        /// The user name the LRS gave this school (HTTP basic authentication).
        #[arg(long, value_name = "USER")]
        user: String,
        /// The password (or set SLATE_LRS_PASSWORD, which keeps it out of the process list).
        #[arg(
            long,
            value_name = "PASSWORD",
            env = "SLATE_LRS_PASSWORD",
            hide_env_values = true
        )]
        password: String,
        #[command(flatten)]
        learner: LearnerArg,
        #[command(flatten)]
        library: LibraryArgs,
        #[command(flatten)]
        data: DataArgs,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Write a new Ed25519 issuer key; prints its did:key.
    Keygen {
        /// Where to write the key (never over an existing file; keep it secret).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// The name of whoever holds the key (a college, a trainer): shown as "signed by NAME" on packages it signs.
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
    /// Re-grade record bundles against a course package and sign an Open Badges 3.0 credential for each completed one.
    Issue {
        /// The issuer key (from `slate keygen`).
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The course package the learners studied (folder or .zip).
        #[arg(long, value_name = "PATH")]
        course: PathBuf,
        /// Folder for the credentials.
        #[arg(
            short = 'o',
            long = "output",
            value_name = "DIR",
            default_value = "credentials"
        )]
        output: PathBuf,
        /// Also write each credential baked into a copy of this PNG image.
        #[arg(long, value_name = "PNG")]
        badge_image: Option<PathBuf>,
        /// Also write a CSV row per credential for bulk issuing (template id, email, first name, last name, issued date).
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// The badge template id for the CSV (default: the achievement id).
        #[arg(long, value_name = "ID")]
        template_id: Option<String>,
        /// How learners' names are written, for the CSV's first and last names.
        #[arg(long, value_enum, default_value_t = credential::NameOrder::FamilyFirst)]
        name_order: credential::NameOrder,
        /// The issuer's name (default: the course's [credential] issuer).
        #[arg(long, value_name = "NAME")]
        issuer_name: Option<String>,
        /// When the credentials become valid (default: now), e.g. 2026-11-23T10:00:00Z.
        #[arg(long, value_name = "DATE")]
        valid_from: Option<String>,
        /// Give each credential a place in the status list published at this URL, so it can be revoked (default: the configuration's [issuer] status_list_url).
        #[arg(long, value_name = "URL")]
        status_list_url: Option<String>,
        #[command(flatten)]
        config: ConfigArg,
        /// Record bundles (from `slate export`).
        #[arg(required = true)]
        bundles: Vec<PathBuf>,
    },
    /// Revoke credentials this key issued with a status (then publish the list with `slate status-list`).
    Revoke {
        /// The issuer key that issued them.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// Credential files (.json or baked .png), or credential ids (urn:uuid:…).
        #[arg(required = true)]
        credentials: Vec<String>,
    },
    /// Write the signed status list credential to publish at the status list URL.
    StatusList {
        /// The issuer key.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// Where to write the list.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Make a Moodle question bank (GIFT or Aiken) into a new course of quizzes, and report what each question became.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Verify Open Badges 3.0 credentials (JSON or baked PNG): proof, issuer and structure.
    Verify {
        /// Accept only credentials of this issuer (its did:key, as `slate keygen` printed it, or did:web); repeatable.
        #[arg(long, value_name = "DID")]
        trust: Vec<String>,
        /// A did:web issuer's DID document (its did.json), read offline; repeatable.
        #[arg(long, value_name = "FILE")]
        issuer_doc: Vec<PathBuf>,
        /// The issuer's status list credential, to check for revocation offline; repeatable.
        #[arg(long, value_name = "FILE")]
        status_list: Vec<PathBuf>,
        /// Credentials to verify: .json files, or .png badges with one baked in.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// The bank formats `slate import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A GIFT file (Moodle's Question bank › Export › GIFT format): one quiz per category.
    Gift(ImportArgs),
    /// An Aiken file: a question line, choices `A.` or `A)`, then `ANSWER: B`.
    Aiken(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The question bank file (UTF-8; at most 64 MiB).
    pub file: PathBuf,
    /// The folder to write the course into; it must be new or empty.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,
    /// The language tag of the questions' text (the course's `language`).
    #[arg(long, value_name = "TAG", default_value = "en")]
    pub language: String,
}

/// How `slate progress` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressFormat {
    /// A table for people: each learner, course and item.
    Human,
    /// One JSON document, for scripts.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Like a compiler: `file:line:col: error[code]: message`, with a hint.
    Human,
    /// One JSON document, for scripts and CI.
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::…`), shown on the lines they concern.
    Github,
}

pub fn run(cli: Cli) -> std::process::ExitCode {
    let top = cli.common;
    let with = |library: LibraryArgs,
                screen: ScreenArgs,
                learner: LearnerArg,
                data: DataArgs,
                config: ConfigArg| {
        Common {
            library,
            screen,
            learner,
            data,
            config,
        }
        .over(&top)
    };
    let data_only = |data: DataArgs| {
        with(
            Default::default(),
            Default::default(),
            Default::default(),
            data,
            Default::default(),
        )
    };
    match cli.command {
        Some(Command::Check {
            paths,
            format,
            deny_warnings,
            answers,
            trust_publisher,
            config,
        }) => {
            let config = config::load(config.config.as_deref().or(top.config.config.as_deref()));
            match pack::trusted_publishers(&config, &trust_publisher) {
                Ok(trusted) => check::run(&paths, format, deny_warnings, answers, &trusted),
                Err(e) => {
                    out::tell(format!("slate check: {e}"));
                    std::process::ExitCode::from(2)
                }
            }
        }
        Some(Command::Pack { dir, output, sign }) => pack::pack(&pack::PackOptions {
            dir: &dir,
            output: &output,
            sign: sign.as_deref(),
        }),
        Some(Command::New {
            dir,
            language,
            translations,
        }) => new::new_course(&dir, &language, &translations),
        Some(Command::List { library, config }) => {
            let c = with(
                library,
                Default::default(),
                Default::default(),
                Default::default(),
                config,
            );
            checked(c, None, list::run)
        }
        Some(Command::Print {
            path,
            output,
            lang,
            answers,
            hints,
        }) => print::run(&print::PrintArgs {
            path: &path,
            output: &output,
            lang: lang.as_deref().or(top.screen.lang.as_deref()),
            answers,
            hints,
        }),
        Some(Command::Progress {
            learner,
            format,
            data,
        }) => match data_dir(&data_only(data)) {
            Some(dir) => progress::progress(&dir, learner.as_deref(), format),
            None => no_data_dir(),
        },
        Some(Command::Reset {
            learner,
            course,
            quiz,
            yes,
            data,
        }) => match data_dir(&data_only(data)) {
            Some(dir) => progress::reset(&dir, &learner, &course, quiz.as_deref(), yes),
            None => no_data_dir(),
        },
        Some(Command::Learners { delete, yes, data }) => match data_dir(&data_only(data)) {
            Some(dir) => progress::learners(&dir, delete.as_deref(), yes),
            None => no_data_dir(),
        },
        Some(Command::Export {
            course,
            format,
            ndjson,
            template,
            template_id,
            name_order,
            output,
            learner,
            library,
            data,
            config,
        }) => {
            let only = learner.learner.clone();
            let c = with(library, Default::default(), learner, data, config);
            if format != records::ExportFormat::Credly
                && (template.is_some() || template_id.is_some())
            {
                out::tell("slate: --template and --template-id are for --format credly");
                return std::process::ExitCode::from(2);
            }
            checked(c, None, |o| match format {
                records::ExportFormat::Credly => credly::export(
                    o,
                    &credly::CredlyArgs {
                        course: course.as_deref(),
                        template: template.as_deref(),
                        template_id: template_id.as_deref(),
                        name_order,
                        learner: only.as_deref(),
                        out: &output,
                    },
                ),
                _ => records::export(o, course.as_deref(), format, ndjson, &output),
            })
        }
        Some(Command::Sync {
            lrs,
            user,
            password,
            learner,
            library,
            data,
            config,
        }) => {
            // Every learner unless one is named here (the configuration's
            // default learner is the player's, not a limit on sync).
            let only = learner.learner;
            let c = with(
                library,
                Default::default(),
                Default::default(),
                data,
                config,
            );
            checked(c, None, |o| {
                records::sync(o, &lrs, &user, &password, only.as_deref())
            })
        }
        Some(Command::Keygen { output, name }) => credential::keygen(&output, name.as_deref()),
        Some(Command::Issue {
            key,
            course,
            output,
            badge_image,
            csv,
            template_id,
            name_order,
            issuer_name,
            valid_from,
            status_list_url,
            config,
            bundles,
        }) => {
            let config_path = config.config.or_else(|| top.config.config.clone());
            // A configuration that cannot be read is an error here, not a
            // warning: going on would issue credentials nobody can revoke.
            let status_list_url = match status_list_url {
                Some(url) => Some(url),
                None => match config::load_strict(config_path.as_deref()) {
                    Ok(c) => c.issuer.status_list_url,
                    Err(e) => {
                        out::tell(format!("slate: {e}"));
                        return std::process::ExitCode::FAILURE;
                    }
                },
            };
            credential::issue(
                &credential::IssueOptions {
                    key,
                    course,
                    out_dir: output,
                    badge_image,
                    csv,
                    template_id,
                    name_order,
                    issuer_name,
                    valid_from,
                    status_list_url,
                },
                &bundles,
            )
        }
        Some(Command::Revoke { key, credentials }) => credential::revoke(&key, &credentials),
        Some(Command::StatusList { key, output }) => credential::status_list(&key, &output),
        Some(Command::Import(which)) => {
            let (format, a) = match which {
                ImportCommand::Gift(a) => (import::BankFormat::Gift, a),
                ImportCommand::Aiken(a) => (import::BankFormat::Aiken, a),
            };
            import::run(format, &a.file, &a.output, &a.language)
        }
        Some(Command::Verify {
            trust,
            issuer_doc,
            status_list,
            files,
        }) => verify::verify_files(&verify::VerifyOptions {
            files: &files,
            trust: &trust,
            issuer_docs: &issuer_doc,
            status_lists: &status_list,
        }),
        Some(Command::Play {
            path,
            screen,
            learner,
            data,
            config,
        }) => {
            let c = with(Default::default(), screen, learner, data, config);
            checked(c, Some(path), play::run)
        }
        Some(Command::Preview {
            path,
            poll,
            screen,
            config,
        }) => {
            let c = with(
                Default::default(),
                screen,
                Default::default(),
                Default::default(),
                config,
            );
            checked(c, Some(path), |o| play::preview(o, poll))
        }
        None => checked(top.clone(), None, play::run),
    }
}

/// Runs `command` with the options, once what they name is checked: a
/// course folder, package or language that does not exist is said, with
/// what there is, and nothing runs.
fn checked(
    common: Common,
    play: Option<PathBuf>,
    command: impl FnOnce(&options::Options) -> std::process::ExitCode,
) -> std::process::ExitCode {
    match options(common, play) {
        Ok(o) => command(&o),
        Err(why) => {
            out::tell(format!("slate: {why}"));
            std::process::ExitCode::FAILURE
        }
    }
}

fn data_dir(common: &Common) -> Option<PathBuf> {
    data::data_dir(common.data.data_dir.as_deref(), common.data.portable)
}

fn no_data_dir() -> std::process::ExitCode {
    out::tell("slate: no data folder: give one with --data-dir DIR");
    std::process::ExitCode::FAILURE
}

//! Completion records that leave the machine: the record bundle a teacher
//! exports for the issuer, the same history as xAPI statements, and the
//! digest that ties both to the exact package content studied.

pub mod bundle;
pub mod export;
pub mod sync;
pub mod xapi;

pub use bundle::{AnswerRecord, AttemptRecord, Bundle, CourseRecord, ItemRecord, LearnerRecord};

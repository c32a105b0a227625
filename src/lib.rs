//! atsfit: how well a resume will fare in an Applicant Tracking System.
//!
//! The pipeline, one module a stage: [`extract`] (file → [`Document`]) → [`normalize`] →
//! [`sections`] → [`matcher`] → [`score`] → [`suggest`] → [`report`]. Build a [`Checker`] once
//! from a [`Lexicon`] (or [`Checker::embedded`] for the built-in one, which builds sooner), then
//! check many documents:
//!
//! ```
//! use atsfit::{Checker, Document, Lexicon};
//!
//! let checker = Checker::new(Lexicon::embedded()?)?;
//! # let checker = Checker::embedded()?;
//! let target = checker.title_target("Backend Developer")?;
//! let resume = Document::from_text("Skills\nJava, Spring Boot, PostgreSQL, Docker, Kubernetes");
//! let report = checker.check(&resume, &target);
//! assert!(report.score.unwrap() > 0.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod checker;
pub mod contact;
pub mod extract;
pub mod job;
pub mod lexicon;
pub mod matcher;
pub mod near_miss;
pub mod normalize;
pub mod report;
pub mod score;
pub mod sections;
pub mod suggest;

pub use checker::{Analysis, Checker, CheckerError, UnknownTitle};
pub use extract::{Document, ExtractError, Limits};
pub use lexicon::{Lexicon, LexiconError};
pub use report::Report;
pub use score::Target;

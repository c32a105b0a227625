//! atsfit: how well a resume will fare in an Applicant Tracking System.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod extract;

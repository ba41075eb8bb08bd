//! Pieces several screens share.

pub mod help;
pub mod panel;

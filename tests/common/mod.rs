//! Shared test helpers: a pseudo-terminal driver for the real binary, and simulator seeds.
#![allow(dead_code)]

pub mod pty;

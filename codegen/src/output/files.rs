//! Writing what was generated to disk: a file at a time, through a temporary file and a
//! rename.

use std::path::Path;

use super::Generated;
use super::sdk::Sdk;
use crate::error::Error;

impl Generated {
    /// Writes the code to `path`, through a temporary file: a failure leaves nothing
    /// half-written.
    pub fn write_to(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        write_atomically(path.as_ref(), &self.code)
    }
}

impl Sdk {
    /// Writes every file into `dir`, creating it if needed.
    pub fn write_to(&self, dir: impl AsRef<Path>) -> Result<(), Error> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::new(None, format!("cannot create {}", dir.display())).with_source(e))?;
        self.files.iter().try_for_each(|(name, code)| write_atomically(&dir.join(name), code))
    }
}

/// Writes through a temporary file and a rename, so a failed run leaves no half-written file.
fn write_atomically(path: &Path, text: &str) -> Result<(), Error> {
    let tmp = path.with_extension("rs.tmp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| Error::new(None, format!("cannot write {}", path.display())).with_source(e))
}

//! Files written whole: under a temporary name beside the target (`FILE.part`) and renamed
//! into place when complete, so a write that fails or is abandoned leaves nothing under
//! the real name. Maps, every report file the command line writes and the workspace's
//! member cache go through here.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A file being written under its temporary name; [`WholeFile::commit`] puts it in place,
/// dropping it without that removes it.
#[derive(Debug)]
pub struct WholeFile {
    writer: BufWriter<File>,
    part: PathBuf,
    path: PathBuf,
    committed: bool,
}

impl WholeFile {
    /// Starts writing `path` (as `path.part`).
    ///
    /// # Errors
    /// When the temporary file cannot be created.
    pub fn create(path: &Path) -> io::Result<WholeFile> {
        Self::create_as(path, ".part")
    }

    /// Starts writing `path` under a temporary name of its own (`path.PID-N.part`), for a
    /// file several processes may write at once: each writes its own, and the last
    /// rename wins whole.
    ///
    /// # Errors
    /// When the temporary file cannot be created.
    pub fn create_private(path: &Path) -> io::Result<WholeFile> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        Self::create_as(path, &format!(".{}-{n}.part", std::process::id()))
    }

    fn create_as(path: &Path, suffix: &str) -> io::Result<WholeFile> {
        let mut part = path.as_os_str().to_owned();
        part.push(suffix);
        let part = PathBuf::from(part);
        Ok(WholeFile {
            writer: BufWriter::new(File::create(&part)?),
            part,
            path: path.to_path_buf(),
            committed: false,
        })
    }

    /// Flushes and renames the file into place.
    ///
    /// # Errors
    /// When writing or renaming fails (the temporary file is then removed).
    pub fn commit(mut self) -> io::Result<()> {
        self.writer.flush()?;
        std::fs::rename(&self.part, &self.path)?;
        self.committed = true;
        Ok(())
    }
}

impl Write for WholeFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

impl Drop for WholeFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.part);
        }
    }
}

/// Writes `bytes` to `path` whole.
///
/// # Errors
/// When writing or renaming fails; nothing is left under either name.
pub fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = WholeFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.csv");
        let mut file = WholeFile::create(&path).unwrap();
        file.write_all(b"a,b\n").unwrap();
        assert!(!path.exists() && dir.path().join("report.csv.part").exists());
        drop(file);
        assert!(!dir.path().join("report.csv.part").exists() && !path.exists());
        write_whole(&path, b"x").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"x");
        assert!(!dir.path().join("report.csv.part").exists());
        let mut a = WholeFile::create_private(&path).unwrap();
        let mut b = WholeFile::create_private(&path).unwrap();
        a.write_all(b"a").unwrap();
        b.write_all(b"b").unwrap();
        b.commit().unwrap();
        a.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}

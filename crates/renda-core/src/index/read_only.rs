//! The index folder as searches see it: read, never written.
//!
//! Searching, `stats`, `kwic`, `compare`, `export` and `similar` open the
//! index through [`ReadOnly`], so that an index on a read-only mount, or
//! owned by another user, is searched as it is. Nothing is created,
//! written or removed in the folder: no lock file is needed, and the list
//! of files that Tantivy keeps for its garbage collection (`.managed.json`,
//! which only a writer uses, and which only its owner may read) is not
//! read.
//!
//! Tantivy takes a lock while it opens the segments of a commit, so that a
//! writer's garbage collection does not remove them meanwhile. That lock is
//! taken when the folder allows it; when it does not (read-only), no writer
//! can be at work there either.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// Tantivy's list of the files it manages, read by its garbage collector.
const MANAGED: &str = ".managed.json";

/// A folder of Tantivy files opened to read only.
#[derive(Debug, Clone)]
pub struct ReadOnly {
    inner: MmapDirectory,
}

impl ReadOnly {
    pub fn open(path: &Path) -> tantivy::Result<Self> {
        Ok(Self {
            inner: MmapDirectory::open(path)?,
        })
    }
}

fn refused() -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        "the index is opened to read only",
    )
}

impl Directory for ReadOnly {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(refused()),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(refused(), path.to_path_buf()))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        if path == Path::new(MANAGED) {
            // Only a writer's garbage collection needs it.
            return Err(OpenReadError::FileDoesNotExist(PathBuf::from(MANAGED)));
        }
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(refused())
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            // A folder where no lock can be taken is one no writer uses.
            Err(LockError::IoError(_)) => Ok(DirectoryLock::from(Box::new(()))),
            taken => taken,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

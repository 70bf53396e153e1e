//! `renda index` when things go wrong: killed (`kill -9`) or interrupted
//! (Ctrl-C) at any moment, searched while it writes, started twice on the
//! same index, pointed at an index of another version or at something that
//! is not an index. Each test drives the real binary.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::{
    Dump, dump, edit_payload, err_text, out_text, renda_command, run_renda, scratch_dir, seeds,
    seeds_dir, write,
};
use serde_json::Value;

/// A corpus of `n` speeches: the seeds over and over, each copy with its
/// own first line and a line of its own, in a few folders.
fn many_speeches(dir: &Path, n: usize) {
    let seeds = seeds();
    for i in 0..n {
        let (_, text) = &seeds[i % seeds.len()];
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines[0].push_str(&format!("（第{i}次）"));
        lines.insert(2, format!("本次会议编号{i:04}，特此说明第{i}号材料。"));
        write(
            dir,
            &format!("g{}/s{i:04}.txt", i % 7),
            lines.join("\n") + "\n",
        );
    }
}

/// `renda index CORPUS --index INDEX -q ARGS`, started in the background.
fn start_index(corpus: &Path, index: &Path, args: &[&str]) -> Child {
    renda_command(corpus.parent().unwrap())
        .arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .arg("-q")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run renda index")
}

/// `renda index`, to the end; it must succeed.
fn index_to_end(corpus: &Path, index: &Path, args: &[&str]) -> Output {
    let out = start_index(corpus, index, args).wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    out
}

fn signal(child: &Child, sig: libc::c_int) {
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: kill(2) on a child of this process, which it has not yet
    // waited for, so the pid cannot have been reused.
    assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
}

/// Whether `renda index` holds the lock of `index`: the pid in its lock
/// file is the child's (written once the lock is taken).
fn holds_lock(child: &Child, index: &Path) -> bool {
    fs::read_to_string(index.join(".renda-writer.lock"))
        .is_ok_and(|pid| pid.trim() == child.id().to_string())
}

/// Wait until `child` holds the lock of `index`.
fn wait_for_lock(child: &mut Child, index: &Path) {
    let start = Instant::now();
    while !holds_lock(child, index) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "renda index ended before it took the lock"
        );
        assert!(start.elapsed() < Duration::from_secs(60), "no lock taken");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// `renda stats --format json`, without the size on disk (which depends on
/// how the segments were merged).
fn stats(index: &Path) -> Value {
    let out = run_renda(
        index.parent().unwrap(),
        &[
            "stats",
            "--index",
            index.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    let mut v: Value = serde_json::from_str(&out_text(&out)).unwrap();
    v.as_object_mut().unwrap().remove("size");
    v
}

/// An index stopped midway holds whole files, each as a complete run
/// would have left it.
fn assert_whole_files(partial: &Dump, complete: &Dump, when: &str) {
    for (file, docs) in partial {
        assert_eq!(
            Some(docs),
            complete.get(file),
            "{when}: {file} is not as a complete run leaves it"
        );
    }
}

/// The corpus of [`many_speeches`] and its index made in one go, with the
/// time that took; made once per test process, read by every test.
struct Reference {
    corpus: PathBuf,
    dump: Dump,
    stats: Value,
    took: Duration,
}

/// Speeches in the shared corpus: some 4 MB of text, so that a run with
/// [`COMMIT_EVERY`] commits a dozen times or more.
const SPEECHES: usize = 300;
const COMMIT_EVERY: &str = "256K";

fn reference() -> &'static Reference {
    static REFERENCE: OnceLock<Reference> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let root = scratch_dir("reliability");
        let corpus = root.join("speeches");
        many_speeches(&corpus, SPEECHES);
        let index = root.join("reference");
        let start = Instant::now();
        index_to_end(&corpus, &index, &["--commit-every", COMMIT_EVERY]);
        let took = start.elapsed();
        eprintln!("an uninterrupted run takes {took:?}");
        let dump = dump(&index).unwrap();
        assert_eq!(dump.len(), SPEECHES);
        Reference {
            corpus,
            stats: stats(&index),
            dump,
            took,
        }
    })
}

// ------------------------------------------------------------ crashes

#[test]
fn kill_9_at_any_moment_leaves_an_index_that_a_rerun_completes() {
    let r = reference();
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    // Each run picks up where the one before was killed, until one ends by
    // itself: the first is killed while it reads the folder (before its
    // first commit), the others after a few commits each (a kill that
    // finds no more files in the index than the one before makes the next
    // wait longer).
    let mut partial = 0;
    let mut killed = 0;
    let mut last = 0;
    let mut delay = 0.02;
    loop {
        assert!(killed < 40, "the runs make no progress");
        let mut child = start_index(&r.corpus, &index, &["--commit-every", COMMIT_EVERY]);
        std::thread::sleep(r.took.mul_f64(delay));
        if child.try_wait().unwrap().is_some() {
            break;
        }
        child.kill().unwrap(); // SIGKILL
        if child.wait().unwrap().code() == Some(0) {
            break; // it ended on its own meanwhile
        }
        killed += 1;
        let when = format!("killed after {delay:.2} of a run");
        // The index opens and answers, from its last commit.
        let held = dump(&index).unwrap_or_default(); // None: killed before it was created
        assert_whole_files(&held, &r.dump, &when);
        eprintln!("{when}: the index holds {} files", held.len());
        if !held.is_empty() && held.len() < r.dump.len() {
            partial += 1;
        }
        delay = if killed == 1 {
            0.1
        } else if held.len() > last {
            delay
        } else {
            delay * 1.25
        };
        last = held.len();
        if !index.join("meta.json").exists() {
            continue;
        }
        let st = stats(&index);
        assert_eq!(
            st["speeches"].as_u64(),
            Some(held.len() as u64),
            "{when}: {st}"
        );
    }
    assert!(killed >= 2, "only {killed} runs were killed");
    assert!(
        partial >= 2,
        "{partial} runs were killed between two commits"
    );
    // No lock is left behind: the next run goes through, and its index is
    // the one an uninterrupted run makes.
    index_to_end(&r.corpus, &index, &[]);
    assert_eq!(dump(&index).unwrap(), r.dump);
    assert_eq!(stats(&index), r.stats);
    // And there is nothing left to do.
    let out = index_to_end(&r.corpus, &index, &[]);
    assert!(
        out_text(&out).starts_with("the index is up to date"),
        "{}",
        out_text(&out)
    );
}

/// The files of the first folder in an index dump, by their path in that
/// folder, whichever path the index holds them under (`g0/…` while it is
/// the only folder, `speeches/g0/…` once a second one is added).
/// Copy the folder `from` (and its folders) to `to`.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn first_folder_files(held: &Dump, label: &str) -> BTreeMap<String, Vec<(u64, String)>> {
    held.iter()
        .filter(|(f, _)| !f.starts_with("added/"))
        .map(|(f, docs)| {
            let rel = f
                .strip_prefix(&format!("{label}/"))
                .unwrap_or(f)
                .to_string();
            (rel, docs.iter().cloned().collect())
        })
        .collect()
}

#[test]
fn kill_9_during_the_first_add_of_a_second_folder_loses_nothing_of_the_first() {
    let r = reference();
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    index_to_end(&r.corpus, &index, &["--commit-every", COMMIT_EVERY]);
    let added = tmp.path().join("added");
    many_speeches(&added, 40);
    let expected: BTreeMap<String, Vec<(u64, String)>> = r
        .dump
        .iter()
        .map(|(f, docs)| (f.clone(), docs.iter().cloned().collect()))
        .collect();
    // How long that `--add` takes here and now, uninterrupted: measured on
    // a copy, so that the kills below fall within its run whatever the
    // load of the machine.
    let probe = tmp.path().join("probe");
    copy_dir(&index, &probe);
    let start = std::time::Instant::now();
    let out = renda_command(tmp.path())
        .args(["index", "--add"])
        .arg(&added)
        .arg("--index")
        .arg(&probe)
        .args(["-q", "--commit-every", "64K"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    let took = start.elapsed();
    // The first `--add` labels the first folder's paths, which reads it
    // again; each run is killed a little later than the one before, and
    // the next takes up what it left, until one ends by itself.
    let mut killed = 0;
    let mut midway = 0;
    let mut delay = 0.1;
    loop {
        assert!(killed < 40, "the runs make no progress");
        let mut child = renda_command(tmp.path())
            .args(["index", "--add"])
            .arg(&added)
            .arg("--index")
            .arg(&index)
            .args(["-q", "--commit-every", "64K"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(took.mul_f64(delay));
        if child.try_wait().unwrap().is_some() {
            break;
        }
        child.kill().unwrap(); // SIGKILL
        if child.wait().unwrap().code() == Some(0) {
            break;
        }
        killed += 1;
        let dumped = dump(&index).unwrap();
        // Some under their new paths, some still under their old ones.
        if dumped.keys().any(|f| f.starts_with("speeches/"))
            && dumped.keys().any(|f| f.starts_with('g'))
        {
            midway += 1;
        }
        let held = first_folder_files(&dumped, "speeches");
        let missing: Vec<&String> = expected
            .iter()
            .filter(|(f, docs)| held.get(*f) != Some(docs))
            .map(|(f, _)| f)
            .collect();
        assert!(
            missing.is_empty() && held.len() == expected.len(),
            "killed after {delay:.2} of a run: {} of the first folder's {} speeches are missing \
             or not whole ({:?}…), {} files held",
            missing.len(),
            expected.len(),
            missing.first(),
            held.len()
        );
        eprintln!("killed after {delay:.2} of a run: the first folder is whole");
        // What stats says each folder holds adds up to what it holds.
        let st = stats(&index);
        let in_folders: u64 = st["folders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["speeches"].as_u64().unwrap())
            .sum();
        assert_eq!(Some(in_folders), st["speeches"].as_u64(), "{st}");
        delay *= 1.25;
    }
    assert!(killed >= 2, "only {killed} runs were killed");
    assert!(midway >= 1, "no run was killed between two of its commits");
    let out = renda_command(tmp.path())
        .args(["index", "--add"])
        .arg(&added)
        .arg("--index")
        .arg(&index)
        .arg("-q")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    let held = dump(&index).unwrap();
    assert!(first_folder_files(&held, "speeches") == expected);
    assert!(
        held.keys()
            .all(|f| f.starts_with("speeches/") || f.starts_with("added/")),
        "{:?}",
        held.keys().collect::<Vec<_>>()
    );
    assert_eq!(held.keys().filter(|f| f.starts_with("added/")).count(), 40);
}

#[test]
fn an_add_while_the_first_folder_is_gone_loses_nothing_of_it() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    many_speeches(&first, 12);
    let index = tmp.path().join("index");
    index_to_end(&first, &index, &[]);
    let before = dump(&index).unwrap();
    assert_eq!(before.len(), 12);
    let added = tmp.path().join("added");
    many_speeches(&added, 3);
    let moved = tmp.path().join("elsewhere");
    fs::rename(&first, &moved).unwrap();
    let out = renda_command(tmp.path())
        .args(["index", "--add"])
        .arg(&added)
        .arg("--index")
        .arg(&index)
        .arg("-q")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out_text(&out));
    assert!(err_text(&out).contains("first"), "{}", err_text(&out));
    assert_eq!(dump(&index).unwrap(), before);
}

/// Adding a second folder gives each folder's files its label: a file's
/// new path may be the old path of another (`讲话稿/a.txt` was the
/// sub-folder's file, and is now the top file's), and neither is lost.
#[test]
fn a_path_one_file_leaves_as_another_takes_it_keeps_both() {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = seeds();
    let speech = |i: usize| {
        let (_, text) = &seeds[i % seeds.len()];
        format!("{text}\n本文件编号{i:04}，特此说明。\n")
    };
    // A folder that holds a sub-folder of its own name (an archive
    // unpacked into a folder of its name), then a folder named as a
    // sub-folder of the first.
    let first = tmp.path().join("讲话稿");
    write(&first, "a.txt", speech(0));
    write(&first, "讲话稿/a.txt", speech(1));
    write(&first, "b.txt", speech(2));
    write(&first, "c5/a.txt", speech(3));
    let other = tmp.path().join("其他/c5");
    write(&other, "a.txt", speech(4));
    let index = tmp.path().join("index");
    index_to_end(&first, &index, &[]);
    for args in [&["--add", "其他/c5"][..], &[]] {
        let out = renda_command(tmp.path())
            .arg("index")
            .args(args)
            .args(["--index", "index", "-q"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
        let held = dump(&index).unwrap();
        let numbers: BTreeMap<&str, String> = held
            .iter()
            .map(|(file, paras)| {
                let n = paras
                    .iter()
                    .find_map(|(_, t)| t.strip_prefix("本文件编号"))
                    .map(|t| t[..4].to_string())
                    .unwrap_or_default();
                (file.as_str(), n)
            })
            .collect();
        let want: BTreeMap<&str, String> = [
            ("讲话稿/a.txt", "0000"),
            ("讲话稿/讲话稿/a.txt", "0001"),
            ("讲话稿/b.txt", "0002"),
            ("讲话稿/c5/a.txt", "0003"),
            ("c5/a.txt", "0004"),
        ]
        .into_iter()
        .map(|(f, n)| (f, n.to_string()))
        .collect();
        assert_eq!(numbers, want, "after index {args:?}");
    }
}

/// A write that fails midway through `--add` (here a file-size limit, as
/// a full disk would) is said in Chinese, naming the index, and leaves the
/// index as it was.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_during_add_is_said_in_chinese_and_changes_nothing() {
    use std::os::unix::process::CommandExt;
    let r = reference();
    let tmp = tempfile::tempdir().unwrap();
    let seeds_index = tmp.path().join("index");
    index_to_end(&seeds_dir(), &seeds_index, &[]);
    let before = dump(&seeds_index).unwrap();
    let mut cmd = renda_command(tmp.path());
    cmd.env("RENDA_LANG", "zh")
        .args(["index", "-q", "--add"])
        .arg(&r.corpus)
        .arg("--index")
        .arg(&seeds_index);
    // SAFETY: between fork and exec, only async-signal-safe calls.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 512 * 1024,
                rlim_max: 512 * 1024,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    let err = err_text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("写入索引失败"), "{err}");
    assert!(err.contains(&seeds_index.display().to_string()), "{err}");
    assert!(
        !err.contains("killed") && !err.contains("os error"),
        "{err}"
    );
    let after = dump(&seeds_index).unwrap();
    assert_eq!(after.len(), before.len());
    assert!(after == before, "the index changed");
}

#[test]
fn ctrl_c_commits_what_was_read_and_says_so() {
    let r = reference();
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");

    // Early: right after the lock is taken, while the folder is read.
    let mut child = start_index(&r.corpus, &index, &["--commit-every", COMMIT_EVERY]);
    wait_for_lock(&mut child, &index);
    signal(&child, libc::SIGINT);
    let early = check_interrupted(child.wait_with_output().unwrap(), &index, r, "");

    // Midway: after some commits. The command it says to run again keeps
    // the run's options.
    let mut child = start_index(
        &r.corpus,
        &index,
        &["--commit-every", COMMIT_EVERY, "--follow-links"],
    );
    wait_for_lock(&mut child, &index);
    std::thread::sleep(r.took / 2);
    signal(&child, libc::SIGINT);
    let out = child.wait_with_output().unwrap();
    let mid = check_interrupted(out, &index, r, " --follow-links");
    assert!(mid >= early);

    // Twice: the second Ctrl-C stops at once.
    let mut child = start_index(&r.corpus, &index, &["--commit-every", COMMIT_EVERY]);
    wait_for_lock(&mut child, &index);
    std::thread::sleep(r.took / 4);
    signal(&child, libc::SIGINT);
    signal(&child, libc::SIGINT);
    let out = child.wait_with_output().unwrap();
    if out.status.code() != Some(0) {
        assert_eq!(out.status.code(), Some(130), "{}", err_text(&out));
        assert!(err_text(&out).contains("interrupted"), "{}", err_text(&out));
        assert_whole_files(&dump(&index).unwrap(), &r.dump, "two Ctrl-C");
    }

    index_to_end(&r.corpus, &index, &[]);
    assert_eq!(dump(&index).unwrap(), r.dump);
    assert_eq!(stats(&index), r.stats);
}

/// An interrupted run (or one that ended before the signal came): exit
/// 130, one line on stderr that says how many files the index holds, which
/// it does, whole, with the command to finish (its `options` last). The
/// count.
fn check_interrupted(out: Output, index: &Path, r: &Reference, options: &str) -> usize {
    let held = dump(index).unwrap_or_default();
    assert_whole_files(&held, &r.dump, "after Ctrl-C");
    if out.status.code() == Some(0) {
        eprintln!("note: renda index ended before Ctrl-C came");
        assert_eq!(held, r.dump);
        return held.len();
    }
    let err = err_text(&out);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert_eq!(out_text(&out), "", "no summary");
    let line = err.lines().last().unwrap_or_default();
    let said = format!(
        "renda: interrupted; the index holds {} {} as of its last commit; run `renda index {} --index {}{options}` again to finish",
        held.len(),
        if held.len() == 1 { "file" } else { "files" },
        r.corpus.display(),
        index.display()
    );
    assert_eq!(line, said);
    held.len()
}

// ------------------------------------------------------------ concurrency

#[test]
fn a_search_while_indexing_sees_the_last_commit() {
    let r = reference();
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    let mut child = start_index(&r.corpus, &index, &["--commit-every", COMMIT_EVERY]);
    let mut seen = Vec::new();
    while child.try_wait().unwrap().is_none() {
        if let Some(held) = dump(&index) {
            assert_whole_files(&held, &r.dump, "while indexing");
            seen.push(held.len());
        }
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    eprintln!("files seen while indexing: {seen:?}");
    assert!(!seen.is_empty(), "no search ran while indexing");
    // Commits only add: no search saw fewer files than one before it.
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(
        seen.iter().any(|&n| n < r.dump.len()),
        "every search came after the last commit: {seen:?}"
    );
    assert_eq!(dump(&index).unwrap(), r.dump);
    assert_eq!(stats(&index), r.stats);
}

#[test]
fn a_second_indexer_is_refused_at_once_and_harms_nothing() {
    let r = reference();
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    let mut first = start_index(&r.corpus, &index, &["--commit-every", COMMIT_EVERY]);
    wait_for_lock(&mut first, &index);
    let said = format!(
        "renda: {}: another `renda index` is writing this index (pid {}); wait for it to finish\n",
        index.display(),
        first.id()
    );
    // Plain, and with --rebuild, which must not empty the index under the
    // first run's feet.
    for extra in [&[][..], &["--rebuild"][..]] {
        let start = Instant::now();
        let second = start_index(&r.corpus, &index, extra)
            .wait_with_output()
            .unwrap();
        let took = start.elapsed();
        assert_eq!(second.status.code(), Some(2), "{}", err_text(&second));
        assert_eq!(err_text(&second), said);
        assert_eq!(out_text(&second), "");
        // At once: well before the first run, which reads every file.
        assert!(took < r.took / 2, "refused after {took:?}");
    }
    assert!(
        first.try_wait().unwrap().is_none(),
        "the first run ended before the second was tried: make the corpus bigger"
    );
    let out = first.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    assert!(out_text(&out).starts_with(&format!("{SPEECHES} files read")));
    assert_eq!(dump(&index).unwrap(), r.dump);
    assert_eq!(stats(&index), r.stats);
    // Once the first is done, the lock is free.
    index_to_end(&r.corpus, &index, &[]);
}

// ------------------------------------------------------------ compatibility

fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// A refused command: exit 2, nothing on stdout, one line on stderr that
/// holds every one of `words`.
fn assert_refused(out: &Output, words: &[&str]) {
    let err = err_text(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(out_text(out), "");
    assert_eq!(err.lines().count(), 1, "{err}");
    for w in words {
        assert!(err.contains(w), "{w:?} not in {err}");
    }
}

#[test]
fn an_index_of_another_format_is_named_and_rebuilt_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    let corpus = seeds_dir();
    index_to_end(&corpus, &index, &[]);
    let good = dump(&index).unwrap();
    edit_payload(&index, |p| p["renda_index"] = 999.into());
    let before = files_in(&index);

    let said = format!(
        "renda: {}: index written by another version of renda (index format 999, this renda uses {}); rebuild it with `renda index DIR --rebuild`\n",
        index.display(),
        renda_core::index::FORMAT
    );
    let idx = index.to_str().unwrap();
    for args in [
        &["search", "代表", "--index", idx][..],
        &["stats", "--index", idx],
        &["kwic", "代表", "--index", idx],
        &["index", corpus.to_str().unwrap(), "--index", idx],
    ] {
        let out = run_renda(tmp.path(), args);
        assert_refused(&out, &[]);
        assert_eq!(err_text(&out), said, "{args:?}");
    }
    assert_eq!(files_in(&index), before, "nothing was written");

    let out = index_to_end(&corpus, &index, &["--rebuild"]);
    assert_eq!(err_text(&out), "renda: rebuilding the index (--rebuild)\n");
    assert_eq!(dump(&index).unwrap(), good);
}

#[test]
fn a_damaged_index_is_named_and_rebuilt_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = seeds_dir();
    let fresh = tmp.path().join("fresh");
    index_to_end(&corpus, &fresh, &[]);
    let good = dump(&fresh).unwrap();
    let idx_of = |index: &Path| index.to_str().unwrap().to_string();
    // A segment file gone, and a meta.json that is not JSON.
    type Breaking = fn(&Path);
    let breakages: [(&str, &str, Breaking); 2] = [
        ("is missing", "缺少文件", |index| {
            let idx = fs::read_dir(index)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.extension().is_some_and(|e| e == "idx"))
                .unwrap();
            fs::remove_file(idx).unwrap();
        }),
        (
            "meta.json cannot be read",
            "meta.json 无法读取",
            |index| {
                fs::write(index.join("meta.json"), "{ half a file").unwrap();
            },
        ),
    ];
    for (i, (detail, chinese, breaking)) in breakages.into_iter().enumerate() {
        let index = tmp.path().join(format!("index{i}"));
        index_to_end(&corpus, &index, &[]);
        breaking(&index);
        let before = files_in(&index);
        let idx = idx_of(&index);
        for args in [
            &["search", "代表", "--index", &idx][..],
            &["stats", "--index", &idx],
            &["index", corpus.to_str().unwrap(), "--index", &idx],
        ] {
            assert_refused(
                &run_renda(tmp.path(), args),
                &[&idx, "the index is damaged", detail, "--rebuild"],
            );
        }
        // In Chinese, with no English words but the file's.
        let out = common::renda_command(tmp.path())
            .env("RENDA_LANG", "zh")
            .args(["search", "代表", "--index", &idx])
            .output()
            .unwrap();
        let err = err_text(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("索引已损坏") && err.contains(chinese), "{err}");
        assert!(!err.contains(detail) && !err.contains("missing"), "{err}");
        assert_eq!(files_in(&index), before, "nothing was written");
        let out = index_to_end(&corpus, &index, &["--rebuild"]);
        assert_eq!(err_text(&out), "renda: rebuilding the index (--rebuild)\n");
        assert_eq!(dump(&index).unwrap(), good);
    }
    // A meta.json of something else is not a damaged index.
    let web = tmp.path().join("site");
    write(&web, "meta.json", "{\"title\": \"my site\"}");
    let out = run_renda(
        tmp.path(),
        &[
            "index",
            corpus.to_str().unwrap(),
            "--index",
            &idx_of(&web),
            "--rebuild",
        ],
    );
    assert_refused(&out, &["not a renda index"]);
    assert_eq!(files_in(&web).len(), 1);
}

#[test]
fn an_index_of_another_program_is_never_written() {
    use tantivy::schema::{STORED, Schema, TEXT};
    let tmp = tempfile::tempdir().unwrap();
    let corpus = seeds_dir();
    // A Tantivy index with its own schema, once without and once with a
    // payload of its own.
    for payload in [None, Some("{\"app\":\"notes\",\"version\":3}")] {
        let index = tmp.path().join("theirs");
        let _ = fs::remove_dir_all(&index);
        fs::create_dir_all(&index).unwrap();
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT | STORED);
        let theirs = tantivy::Index::create_in_dir(&index, schema.build()).unwrap();
        let mut w: tantivy::IndexWriter = theirs.writer(15_000_000).unwrap();
        w.add_document(tantivy::doc!(body => "not a speech"))
            .unwrap();
        let mut commit = w.prepare_commit().unwrap();
        if let Some(p) = payload {
            commit.set_payload(p);
        }
        commit.commit().unwrap();
        drop(w);
        let before = files_in(&index);
        let idx = index.to_str().unwrap();
        for args in [
            &["search", "代表", "--index", idx][..],
            &["index", corpus.to_str().unwrap(), "--index", idx],
            &[
                "index",
                corpus.to_str().unwrap(),
                "--index",
                idx,
                "--rebuild",
            ],
        ] {
            let out = run_renda(tmp.path(), args);
            // A search names the folder as no index; a run, that it writes nothing there.
            let says = if args[0] == "search" {
                "renda index` built"
            } else {
                "renda will not write"
            };
            assert_refused(&out, &[idx, "not a renda index", says]);
        }
        assert_eq!(files_in(&index), before, "{payload:?}");
        assert!(!index.join(".renda-writer.lock").exists());
    }
}

#[test]
fn a_run_stopped_while_creating_the_index_is_taken_up_again() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    let corpus = seeds_dir();
    // What a run killed between emptying the index and its first commit
    // leaves: renda's lock file, some of Tantivy's files, no meta.json.
    write(&index, ".renda-writer.lock", "12345\n");
    write(&index, ".managed.json", "[]");
    write(&index, "0123456789abcdef0123456789abcdef.idx", "half");
    write(&index, "0123456789abcdef0123456789abcdef.store", "written");
    let out = run_renda(
        tmp.path(),
        &["search", "代表", "--index", index.to_str().unwrap()],
    );
    assert_refused(&out, &["no index here", "renda index"]);

    let out = index_to_end(&corpus, &index, &[]);
    assert_eq!(
        err_text(&out),
        "renda: rebuilding the index (an earlier run was stopped before its first commit)\n"
    );
    assert!(!index.join("0123456789abcdef0123456789abcdef.idx").exists());
    let fresh = tmp.path().join("fresh");
    index_to_end(&corpus, &fresh, &[]);
    assert_eq!(dump(&index).unwrap(), dump(&fresh).unwrap());

    // Anything else in the folder makes it someone else's.
    let other = tmp.path().join("other");
    write(&other, ".renda-writer.lock", "");
    write(&other, "0123456789abcdef0123456789abcdef.idx", "x");
    write(&other, "notes.txt", "mine");
    let out = run_renda(
        tmp.path(),
        &[
            "index",
            corpus.to_str().unwrap(),
            "--index",
            other.to_str().unwrap(),
        ],
    );
    assert_refused(&out, &["not a renda index"]);
    assert!(other.join("0123456789abcdef0123456789abcdef.idx").exists());
}

#[test]
fn commit_every_takes_sizes_and_refuses_others() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = seeds_dir();
    let reference = tmp.path().join("reference");
    index_to_end(&corpus, &reference, &[]);
    for (i, size) in ["0", "1K", "2m", "64MB"].into_iter().enumerate() {
        let index = tmp.path().join(format!("index{i}"));
        index_to_end(&corpus, &index, &["--commit-every", size]);
        assert_eq!(dump(&index), dump(&reference), "{size}");
    }
    for bad in ["-1", "ten", "1.5M", "5T"] {
        let out = run_renda(
            tmp.path(),
            &["index", corpus.to_str().unwrap(), "--commit-every", bad],
        );
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(err_text(&out).contains(bad), "{}", err_text(&out));
        assert!(!tmp.path().join("index").exists());
    }
}

// ------------------------------------------------------------ read-only

/// Make everything under `dir` read-only (`writable` false) or writable
/// again.
#[cfg(unix)]
fn set_writable(dir: &Path, writable: bool) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        let mode = entry.metadata().unwrap().permissions().mode();
        let mode = if writable {
            mode | 0o200
        } else {
            mode & !0o222
        };
        fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode)).unwrap();
    }
}

/// An index in a folder nobody may write, owned by someone else, with no
/// lock file in it: every reading command answers, and none creates the
/// writer's lock. Root ignores permissions, so as root the commands run
/// as the user `nobody` (uid 65534), to whom the index belongs no more
/// than a read-only mount would.
#[cfg(unix)]
#[test]
fn a_read_only_index_owned_by_another_user_is_searched_as_it_is() {
    use std::os::unix::process::CommandExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let index = root.join("index");
    index_to_end(&seeds_dir(), &index, &[]);
    for lock in [".renda-writer.lock", ".tantivy-writer.lock"] {
        let _ = fs::remove_file(index.join(lock));
    }
    set_writable(&index, false);
    // Others may enter the temporary folder (made for its owner alone).
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(root, fs::Permissions::from_mode(0o755)).unwrap();
    // SAFETY: geteuid has no preconditions.
    let as_root = unsafe { libc::geteuid() } == 0;
    let i = index.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["search", "--index", i, "代表", "--format", "json"],
        vec!["search", "--index", i, "\"人大代表\"", "--format", "json"],
        vec!["stats", "--index", i, "--format", "json"],
        vec!["kwic", "--index", i, "代表", "--format", "json"],
        vec!["compare", "--index", i, "代表", "--format", "json"],
        vec![
            "export", "--index", i, "代表", "-o", "-", "--format", "jsonl",
        ],
        vec![
            "similar",
            "--index",
            i,
            "--text",
            "代表要学好宪法和法律法规，打牢依法履职的基本功",
        ],
    ];
    for args in &commands {
        let mut cmd = renda_command(root);
        cmd.args(args);
        if as_root {
            cmd.uid(65534).gid(65534);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", err_text(&out));
        assert!(!out.stdout.is_empty(), "{args:?}");
        for lock in [".renda-writer.lock", ".tantivy-writer.lock"] {
            assert!(!index.join(lock).exists(), "{args:?} made {lock}");
        }
    }
    // As the owner too (for root, whatever the permissions): no writer's lock.
    let out = run_renda(root, &["search", "--index", i, "代表"]);
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    assert!(!index.join(".renda-writer.lock").exists());
    set_writable(&index, true);
}

// ------------------------------------------------------------ merges

/// The segments of the index's last commit and its payload's stamp, from
/// `meta.json` (`None` while there is none, or while it is rewritten).
fn segments_and_stamp(index: &Path) -> Option<(usize, String)> {
    let meta: Value = serde_json::from_slice(&fs::read(index.join("meta.json")).ok()?).ok()?;
    let payload: Value = serde_json::from_str(meta["payload"].as_str()?).ok()?;
    Some((
        meta["segments"].as_array()?.len(),
        payload["folders"][0]["stamp"].as_str()?.to_string(),
    ))
}

/// A run killed after its last commit, before its final merge, leaves the
/// index in many segments; the next run, with nothing to read, notices and
/// merges them: as many segments as an uninterrupted run leaves, the same
/// paragraphs, and still up to date.
#[test]
fn a_merge_killed_after_the_last_commit_is_finished_by_the_next_run() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("speeches");
    many_speeches(&corpus, 40);
    let whole = tmp.path().join("whole");
    index_to_end(&corpus, &whole, &["--commit-every", "0"]);
    let (whole_segments, _) = segments_and_stamp(&whole).unwrap();
    let index = tmp.path().join("index");
    let mut caught = None;
    for attempt in 0..5 {
        let _ = fs::remove_dir_all(&index);
        let mut child = start_index(&corpus, &index, &["--commit-every", "0"]);
        while child.try_wait().unwrap().is_none() {
            if let Some((n, stamp)) = segments_and_stamp(&index)
                && !stamp.is_empty()
                && n > whole_segments
            {
                signal(&child, libc::SIGKILL);
                caught = Some(n);
                break;
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        child.wait().unwrap();
        if caught.is_some() {
            eprintln!("killed before the final merge on attempt {}", attempt + 1);
            break;
        }
    }
    let Some(left) = caught else {
        panic!("the final merge always finished before the kill");
    };
    let (n, stamp) = segments_and_stamp(&index).unwrap();
    assert_eq!(n, left, "the kill left the last commit");
    assert!(n > whole_segments + 8, "{n} segments");
    let held = dump(&index).unwrap();

    let out = index_to_end(&corpus, &index, &[]);
    assert!(
        out_text(&out).starts_with("the index is up to date"),
        "{}",
        out_text(&out)
    );
    let (after, stamp_after) = segments_and_stamp(&index).unwrap();
    assert_eq!(after, whole_segments, "merged as an uninterrupted run");
    assert_eq!(stamp_after, stamp);
    assert_eq!(dump(&index).unwrap(), held);
    assert_eq!(dump(&whole).unwrap(), held);
    // And nothing more to do the time after.
    let out = index_to_end(&corpus, &index, &[]);
    assert!(out_text(&out).starts_with("the index is up to date"));
    assert_eq!(segments_and_stamp(&index).unwrap().0, whole_segments);
}

/// A `--rebuild` stopped while it reads (before its first commit of
/// speeches) leaves an index that still knows its folders: `renda index`
/// with no folder finishes the job, as after any other interrupted run.
#[test]
fn a_rebuild_stopped_while_it_reads_keeps_the_index_s_folders() {
    use renda_core::index::update::{UpdateOutcome, UpdateRequest, update};
    struct StopAtOnce;
    impl renda_core::ingest::Observer for StopAtOnce {
        fn skipped(&mut self, _: &renda_core::corpus::Skipped) {}
        fn warning(&mut self, _: &renda_core::speech::MetadataWarning) {}
        fn interrupted(&self) -> bool {
            true
        }
    }
    let r = reference();
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("index");
    index_to_end(&r.corpus, &index, &[]);
    let mut req = UpdateRequest::new(&index);
    req.rebuild = true;
    let out = update(&req, &mut StopAtOnce).unwrap();
    assert!(
        matches!(out, UpdateOutcome::Interrupted { held: 0 }),
        "{out:?}"
    );
    // What the index says of itself: its folder, and no speech yet.
    let st = stats(&index);
    assert_eq!(st["speeches"], 0, "{st}");
    let folders = st["folders"].to_string();
    assert!(folders.contains("speeches"), "{st}");
    let out = run_renda(
        tmp.path(),
        &["index", "--index", index.to_str().unwrap(), "-q"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", err_text(&out));
    assert_eq!(stats(&index), r.stats);
}

//! `selftest`: checks of the helpers, run by `run.sh` first.

use crate::make_corpus::*;
use crate::report::*;
use crate::util::*;

/// Checks of the helpers above, run by `run.sh` before it measures
/// anything (a `harness = false` program has no `#[test]`s).
pub(crate) fn selftest() -> Result<()> {
    let v: Vec<f64> = (1..=100).map(f64::from).collect();
    assert_eq!(percentile(&v, 50.0), 50.0);
    assert_eq!(percentile(&v, 99.0), 99.0);
    assert_eq!(percentile(&[3.0], 99.0), 3.0);
    assert_eq!(median(&[1.0, 3.0, 2.0, 10.0]), 2.5);

    assert_eq!(
        String::from_utf8(mark_copy("# 标题\r\n正文\n".as_bytes(), 2))?,
        "# 标题（副本2）\r\n正文\n"
    );
    assert_eq!(
        String::from_utf8(mark_copy("一行".as_bytes(), 1))?,
        "一行（副本1）"
    );

    let t = parse_time_v(
        "\tUser time (seconds): 12.50\n\tSystem time (seconds): 0.75\n\
         \tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50\n\
         \tMaximum resident set size (kbytes): 524288\n\tExit status: 0\n",
    );
    assert_eq!(t.wall_s, 62.5);
    assert_eq!(t.user_s, 12.5);
    assert_eq!(t.max_rss_kb, 524_288);
    assert_eq!(t.exit, 0);
    assert_eq!(
        parse_time_v("Elapsed (wall clock) time (h:mm:ss or m:ss): 1:00:01").wall_s,
        3601.0
    );
    println!("selftest: ok");
    Ok(())
}

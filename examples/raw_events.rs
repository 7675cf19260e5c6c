//! Writes every stored event of a database, one per line, exactly as
//! stored: the uncompressed bytes a bundle of the whole log carries, for
//! the `zstd -3` reference of BENCHMARKS.md.
//!
//! `raw_events DB OUT`

use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(db), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: raw_events DB OUT");
        std::process::exit(2);
    };
    let run = || -> Result<u64, String> {
        let store =
            juwu::store::Store::open(std::path::Path::new(db)).map_err(|e| e.to_string())?;
        let r = store.read().map_err(|e| e.to_string())?;
        let f = std::fs::File::create(out).map_err(|e| format!("{out}: {e}"))?;
        let mut w = std::io::BufWriter::new(f);
        let mut n = 0;
        for (office, head) in r.heads().map_err(|e| e.to_string())? {
            for e in r.events(&office, 1, head.seq).map_err(|e| e.to_string())? {
                w.write_all(&e.bytes).map_err(|e| e.to_string())?;
                w.write_all(b"\n").map_err(|e| e.to_string())?;
                n += 1;
            }
        }
        w.flush().map_err(|e| e.to_string())?;
        Ok(n)
    };
    match run() {
        Ok(n) => println!("{n} events"),
        Err(e) => {
            eprintln!("raw_events: {e}");
            std::process::exit(1);
        }
    }
}

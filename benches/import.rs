//! `slate import gift` of a 10,000-question bank (target: under 1 s in a
//! release build): every GIFT question type, HTML, feedback, weights and
//! categories, in Vietnamese and English, read, converted and written to
//! TOML in memory (the files' writing is the disk's time, not ours).
//!
//! Run with `cargo bench --bench import`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use slate::cli::import::{BankFormat, convert};

/// A bank of `n` questions, a new category every 500.
fn bank(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i % 500 == 0 {
            let _ = writeln!(
                s,
                "$CATEGORY: $course$/top/Default for Tin học/Chương {}\n",
                i / 500 + 1
            );
        }
        let _ = writeln!(s, "// question: {i}");
        let body = match i % 8 {
            0 => format!(
                "::Câu {i}::[html]<p>Mật khẩu nào <b>mạnh</b> nhất?</p>{{\n =correct horse battery staple#Đúng: dài và ngẫu nhiên.\n ~%50%Tr0ub4dor&3#Khá mạnh.\n ~123456#Quá ngắn.\n}}"
            ),
            1 => format!(
                "::Q{i}:: Which two are good habits? {{\n ~%50%Use a password manager\n ~%50%Turn on two-step verification\n ~%-100%Reuse one password\n}}"
            ),
            2 => format!(
                "::Câu {i}::Biểu tượng ổ khóa nghĩa là trang web an toàn.{{F#Chưa đúng.#Đúng.####Ổ khóa chỉ nói kết nối được mã hóa.}}"
            ),
            3 => format!("Which animal purrs? ({i}){{=cat#Yes =%50%kitten#Close =%0%*#No}}"),
            4 => format!(
                "::N{i}:: When was Ulysses S. Grant born? {{#\n =1822:0#Exactly\n =%50%1822:2#Close\n}}"
            ),
            5 => format!(
                "::M{i}:: Match each term. {{\n =Phishing -> A fake message\n =Malware -> A harmful program\n =Firewall -> A traffic filter\n}}"
            ),
            6 => format!("Grant is {{~buried =entombed ~living}} in Grant's tomb ({i})."),
            _ => format!("A number from 1 to 5 ({i})? {{#1..5}}"),
        };
        let _ = writeln!(s, "{body}\n");
    }
    s
}

fn import(c: &mut Criterion) {
    let text = bank(10_000);
    let out = convert(BankFormat::Gift, &text, "bench", "vi");
    assert_eq!(out.report.imported(), 10_000);
    let mut g = c.benchmark_group("import");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    g.bench_function("gift 10,000 questions", |b| {
        b.iter(|| convert(BankFormat::Gift, black_box(&text), "bench", "vi"))
    });
    g.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);

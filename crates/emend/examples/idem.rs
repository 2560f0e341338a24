use emend::{clean, decode, Options};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let data = std::fs::read(path).unwrap();
    let (mode, bytes) = data.split_first().unwrap();
    let text = decode::decode(bytes).unwrap().text;
    let mut options = Options::default();
    if mode & 1 == 1 {
        options.disabled = emend::rules::normalisation_names()
            .into_iter()
            .map(String::from)
            .collect();
    }
    let once = clean(&text, &options).unwrap();
    let twice = clean(&once.text, &options).unwrap();
    if once.text == twice.text {
        println!("idempotent");
        return;
    }
    println!("raw:   {:?}", text);
    println!("once:  {:?}", once.text);
    println!("twice: {:?}", twice.text);
    for c in &twice.changes {
        println!("{:?}", c);
    }
}

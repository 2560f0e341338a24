fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    for region in emend::layout::columns::regions(&text) {
        for s in region.streams(&text) {
            for (i, p) in s.pieces.iter().enumerate() {
                println!(
                    "{:?} row {} join {:?}",
                    &text[p.clone()],
                    s.rows[i],
                    s.joins.get(i)
                );
            }
            println!("--");
        }
    }
}

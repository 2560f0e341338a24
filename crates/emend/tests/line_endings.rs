//! Line endings of every kind read the same to the rules.

/// Old Mac line endings (a lone `\r`) are line ends to every guard, not
/// only to the width measure: lines of verse between two paragraphs stay
/// lines whichever ending they have.
#[test]
fn lone_carriage_returns_keep_verse_lines_as_newlines_do() {
    let prose = "党的二十届四中全会为我们做好新时期住房发展工作指明了前进方向关键时期区房管局将不断深化对全会精神的认识理解，以人民至上理念攻坚克难。";
    let verse = [
        "春眠不觉晓处处闻啼鸟夜来风雨声花落知多少春眠不觉",
        "床前明月光疑是地上霜举头望明月低头思故乡床前明月",
        "白日依山尽黄河入海流欲穷千里目更上一层楼白日依山",
        "千山鸟飞绝万径人踪灭孤舟蓑笠翁独钓寒江雪千山鸟飞",
    ];
    let text = |end: &str| {
        let mut t = format!("{prose}{end}{end}");
        for line in verse {
            t.push_str(line);
            t.push_str(end);
        }
        t.push_str(end);
        t.push_str(prose);
        t.push_str(end);
        t
    };
    let options = emend::Options::default();
    let with_lf = emend::clean(&text("\n"), &options).unwrap().text;
    let with_cr = emend::clean(&text("\r"), &options).unwrap().text;
    assert_eq!(with_cr, with_lf);
    assert!(
        with_lf.contains(&format!("{}\n{}", verse[0], verse[1])),
        "{with_lf}"
    );
}

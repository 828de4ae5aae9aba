#!/usr/bin/env python3
"""Writes texts.jsonl: the inputs of the peer fixtures (one {"id","text"} per line). Deterministic."""
import json

paragraph = (
    "Dual-encoder retrieval models map queries and documents into one vector space, where relevance becomes a dot "
    "product. Training them well needs hard negatives, careful batching and, above all, evaluation on held-out data "
    "such as the BEIR benchmark, whose SciFact collection pairs scientific claims with the abstracts that support or "
    "refute them. "
)
long_256 = " ".join(f"Section {i}: {paragraph}" for i in range(6))      # ~330 tokens: past minilm's 256
long_512 = " ".join(f"Part {i}, revised: {paragraph}" for i in range(12))  # ~660 tokens: past arctic's 512
texts = [
    ("short-1", "A man is eating food."),
    ("short-2", "A man is eating a piece of bread."),
    ("short-3", "A man is riding a horse."),
    ("long-256", long_256),
    ("long-512", long_512),
    ("midword-cut", "antidisestablishmentarianism " * 300),
    ("cjk-long", "中文" * 400),
    ("accents", "Café naïve résumé Ångström Zürich São Paulo façade crème brûlée"),
    ("combining", "e\u0301 a\u0300 n\u0303 o\u0308 decomposed accents"),
    ("vietnamese", "Tiếng Việt có dấu rất nhiều"),
    ("turkish", "İstanbul ISTANBUL ıi Iğdır"),
    ("german", "Straße Maß Fußball ÄÖÜ"),
    ("greek-cyrillic", "ΣΑΣ Ελληνικά ς Привет мир Ёлка"),
    ("cjk", "中文分词测试，日本語のテキスト、한국어 문장입니다"),
    ("arabic-hebrew", "مرحبا بالعالم שלום עולם"),
    ("thai-devanagari", "สวัสดีครับ नमस्ते दुनिया"),
    ("emoji", "I love pizza 🍕😀 🥰 family 👨‍👩‍👧 ok👍🏽 🇺🇸 🏳️‍🌈"),
    ("symbols", "a+b=c, x<y>z, $100 ^ 2 | ~ ± ≥ × ÷ ≤ ≠ °C µg/mL 5±2 x≥3 2×2 `tick`"),
    ("math", "∑ ∫ √x ∞ ∂f/∂x α+β=γ"),
    ("underscores", "snake_case_variable __init__ my_var_2 _leading trailing_"),
    ("control", "tab\there\nnewline\r\nnull\u0000bell\u0007zwsp\u200bsoft\u00adhyphen bom\ufeffend \u0085nel \u000bvt"),
    ("unicode-spaces", "non\u00a0breaking\u2003em\u3000ideographic\u2028line\u202fnarrow space"),
    ("whitespace-only", "   \t\n  \r\n "),
    ("empty", ""),
    ("mixed-case", "The QUICK Brown fOX JumPs over THE lazy DoG"),
    ("numbers", "3.14159 1,000,000 2024-11-25 12:30pm 1e-9 0x1F 42nd 7/8"),
    ("urls", "See https://example.com/path/to_page?query=1&x=y#frag and www.test.org/a_b or ftp://files.example.net"),
    ("email", "Write to john.doe+tag@example.co.uk (not JOHN@EXAMPLE.COM)."),
    ("scientific", "IL-6 and TNF-α levels (p < 0.05) in CD4+ T cells; β-catenin/Wnt signalling, [Ca2+]i ≈ 100 nM"),
    ("quotes-dashes", "“Smart quotes” ‘single’ — em dash – en dash … ellipsis «guillemets» „low“"),
    ("special-literals", "[CLS] [SEP] [MASK] [PAD] [UNK] [cls] ##ing"),
    ("long-word", "a" * 150 + " end " + "x" * 99 + " fine"),
    ("html", "<p>Hello <b>world</b></p> &amp; &lt;tag&gt;"),
    ("code", "for (int i = 0; i < n; i++) { sum += a[i]; } // done"),
    ("fullwidth", "ＡＢＣ１２３ full-width ｶﾀｶﾅ"),
    ("compatibility", "ﬁnance ﬂow Ⅻ ½ ² ³ ™ ℃"),
    ("punctuation-runs", "!!!??? ... --- ((nested)) ''quoted'' \"double\""),
    ("scifact-claim", "0-dimensional biomaterials show inductive properties."),
    ("query-like", "what causes fever in children with leukemia"),
    ("single-char", "a"),
]
with open("texts.jsonl", "w", encoding="utf-8") as f:
    for id_, text in texts:
        f.write(json.dumps({"id": id_, "text": text}, ensure_ascii=False) + "\n")
print(f"{len(texts)} texts")

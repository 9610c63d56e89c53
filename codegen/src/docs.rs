//! botocore's documentation HTML, turned into Markdown for rustdoc.
//!
//! The HTML is hand-written by service teams and not always well formed, so the parser
//! is forgiving: unknown tags keep their text, stray end tags are dropped, and unclosed
//! ones end with their parent. The Markdown is escaped so that rustdoc sees no HTML tags,
//! no bare URLs and no intra-doc links that cannot resolve.

/// Converts documentation HTML to Markdown lines (without `///`), wrapped near `width`.
pub fn html_to_markdown(html: &str, width: usize) -> Vec<String> {
    let nodes = parse(html);
    let mut blocks = Vec::new();
    collect_blocks(&nodes, &mut blocks);
    let mut lines = Vec::new();
    render_blocks(&blocks, width, &mut lines);
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Converts documentation HTML to plain-text paragraphs, one line each, as boto3's
/// changelog pages show them.
pub fn html_to_text(html: &str) -> Vec<String> {
    fn walk(nodes: &[Node], current: &mut String, paragraphs: &mut Vec<String>) {
        for node in nodes {
            match node {
                Node::Text(text) => current.push_str(text),
                Node::Element { name, children, .. } => {
                    let block = BLOCK_TAGS.contains(&name.as_str());
                    if block {
                        flush(current, paragraphs);
                    }
                    walk(children, current, paragraphs);
                    if block {
                        flush(current, paragraphs);
                    }
                }
            }
        }
    }
    fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
        let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            paragraphs.push(text);
        }
        current.clear();
    }
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    walk(&parse(html), &mut current, &mut paragraphs);
    flush(&mut current, &mut paragraphs);
    paragraphs
}

#[derive(Debug)]
enum Node {
    Text(String),
    Element { name: String, href: Option<String>, children: Vec<Node> },
}

const VOID: &[&str] = &["br", "hr", "img", "wbr"];

/// Elements nested deeper than this are dropped (their text stays): rendering recurses,
/// and fuzzing found that thousands of nested tags overflow the stack. Real model docs
/// nest a handful deep.
const MAX_DEPTH: usize = 32;

fn parse(html: &str) -> Vec<Node> {
    // A stack of open elements; the bottom one is the document.
    let mut stack: Vec<(String, Option<String>, Vec<Node>)> = vec![(String::new(), None, Vec::new())];
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut stack, rest);
            break;
        };
        push_text(&mut stack, &rest[..lt]);
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else {
            push_text(&mut stack, rest);
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue; // comments, doctypes
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            // The document at the bottom has an empty name; `</>` must not close it.
            if let Some(pos) = stack.iter().rposition(|(n, _, _)| *n == name).filter(|&pos| pos > 0) {
                while stack.len() > pos {
                    close(&mut stack);
                }
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name: String = tag.split(|c: char| c.is_whitespace()).next().unwrap_or("").to_ascii_lowercase();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            push_text(&mut stack, &format!("<{tag}>"));
            continue;
        }
        let href = attribute(tag, "href");
        if self_closing || VOID.contains(&name.as_str()) {
            stack.last_mut().expect("document stays on the stack").2.push(Node::Element { name, href, children: vec![] });
        } else if stack.len() > MAX_DEPTH {
            continue;
        } else {
            stack.push((name, href, Vec::new()));
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack.pop().map(|(_, _, children)| children).unwrap_or_default()
}

fn close(stack: &mut Vec<(String, Option<String>, Vec<Node>)>) {
    let (name, href, children) = stack.pop().expect("caller keeps the document");
    stack.last_mut().expect("caller keeps the document").2.push(Node::Element { name, href, children });
}

fn push_text(stack: &mut [(String, Option<String>, Vec<Node>)], text: &str) {
    if !text.is_empty() {
        stack.last_mut().expect("document stays on the stack").2.push(Node::Text(decode_entities(text)));
    }
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let value = &tag[at..];
    let (quote, body) = match value.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &value[1..]),
        _ => (None, value),
    };
    let end = match quote {
        Some(q) => body.find(q).unwrap_or(body.len()),
        None => body.find(char::is_whitespace).unwrap_or(body.len()),
    };
    Some(decode_entities(body[..end].trim()))
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let entity = rest.find(';').filter(|&semi| semi <= 10).map(|semi| (&rest[1..semi], semi));
        let decoded = entity.and_then(|(name, semi)| {
            let c = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                n if n.starts_with("#x") || n.starts_with("#X") => char::from_u32(u32::from_str_radix(&n[2..], 16).ok()?)?,
                n if n.starts_with('#') => char::from_u32(n[1..].parse().ok()?)?,
                _ => return None,
            };
            Some((c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[derive(Debug)]
enum Block {
    /// Inline Markdown, whitespace not yet folded.
    Paragraph(String),
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Code(String),
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "pre",
    "note",
    "important",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "examples",
    "example",
    "fullname",
    "table",
    "tr",
    "section",
    "br",
    "hr",
    "blockquote",
];

fn is_block(node: &Node) -> bool {
    matches!(node, Node::Element { name, .. } if BLOCK_TAGS.contains(&name.as_str()))
}

fn collect_blocks(nodes: &[Node], blocks: &mut Vec<Block>) {
    let mut para = String::new();
    let flush = |para: &mut String, blocks: &mut Vec<Block>| {
        if !para.trim().is_empty() {
            blocks.push(Block::Paragraph(std::mem::take(para)));
        }
        para.clear();
    };
    for node in nodes {
        if !is_block(node) {
            inline(node, &mut para);
            continue;
        }
        flush(&mut para, blocks);
        let Node::Element { name, children, .. } = node else { continue };
        match name.as_str() {
            "ul" | "ol" => {
                let mut items = Vec::new();
                for child in children {
                    let mut item = Vec::new();
                    match child {
                        Node::Element { name, children, .. } if name == "li" => collect_blocks(children, &mut item),
                        Node::Text(t) if t.trim().is_empty() => continue,
                        other => collect_blocks(std::slice::from_ref(other), &mut item),
                    }
                    if !item.is_empty() {
                        items.push(item);
                    }
                }
                if !items.is_empty() {
                    blocks.push(Block::List { ordered: name == "ol", items });
                }
            }
            "pre" => {
                let code = text_content(children);
                let code = code.trim_matches('\n');
                if !code.trim().is_empty() {
                    blocks.push(Block::Code(code.to_string()));
                }
            }
            "note" | "important" => {
                let mut inner = Vec::new();
                collect_blocks(children, &mut inner);
                let label = if name == "note" { "**Note:** " } else { "**Important:** " };
                if let Some(Block::Paragraph(first)) = inner.first_mut() {
                    first.insert_str(0, label);
                }
                blocks.extend(inner);
            }
            "dt" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let mut text = String::new();
                for c in children {
                    inline(c, &mut text);
                }
                if !text.trim().is_empty() {
                    blocks.push(Block::Paragraph(format!("**{}**", text.trim())));
                }
            }
            _ => collect_blocks(children, blocks),
        }
    }
    flush(&mut para, blocks);
}

fn text_content(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Element { children, .. } => out.push_str(&text_content(children)),
        }
    }
    out
}

fn inline(node: &Node, out: &mut String) {
    match node {
        Node::Text(text) => escape_text(text, out),
        Node::Element { name, href, children } => match name.as_str() {
            "code" | "tt" | "kbd" | "samp" => code_span(&text_content(children), out),
            "b" | "strong" | "i" | "em" => {
                let mut inner = String::new();
                for c in children {
                    inline(c, &mut inner);
                }
                let marker = if matches!(name.as_str(), "b" | "strong") { "**" } else { "*" };
                let trimmed = inner.trim();
                if trimmed.is_empty() {
                    out.push_str(&inner);
                } else {
                    // Markers must touch the text, or CommonMark ignores them.
                    if inner.starts_with(char::is_whitespace) {
                        out.push(' ');
                    }
                    out.push_str(&format!("{marker}{trimmed}{marker}"));
                    if inner.ends_with(char::is_whitespace) {
                        out.push(' ');
                    }
                }
            }
            "a" => {
                let mut inner = String::new();
                for c in children {
                    inline(c, &mut inner);
                }
                let label = inner.split_whitespace().collect::<Vec<_>>().join(" ");
                match href.as_deref().map(str::trim).filter(|h| h.starts_with("http://") || h.starts_with("https://")) {
                    Some(url) if label.is_empty() => out.push_str(&format!("<{}>", url.replace(' ', "%20"))),
                    Some(url) => out.push_str(&format!("[{label}](<{}>)", url.replace(' ', "%20").replace('>', "%3E"))),
                    None => out.push_str(&inner),
                }
            }
            _ => {
                for c in children {
                    inline(c, out);
                }
            }
        },
    }
}

fn code_span(code: &str, out: &mut String) {
    let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
    if code.is_empty() {
        return;
    }
    let longest_run = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
    out.push_str(&format!("{fence}{pad}{code}{pad}{fence}"));
}

/// Escapes what Markdown or rustdoc would read as markup, and wraps bare URLs in `<>`
/// (rustdoc warns on bare URLs).
fn escape_text(text: &str, out: &mut String) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let mut end = i;
            while end < chars.len() && !chars[end].is_whitespace() && !matches!(chars[end], '<' | '>' | '"' | ')' | '(') {
                end += 1;
            }
            while end > i && matches!(chars[end - 1], '.' | ',' | ';' | ':') {
                end -= 1;
            }
            let url: String = chars[i..end].iter().collect();
            out.push_str(&format!("<{url}>"));
            i = end;
            continue;
        }
        let prev_alnum = i > 0 && chars[i - 1].is_alphanumeric();
        let next_alnum = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !(prev_alnum && next_alnum) => out.push_str("\\_"),
            '&' if chars.get(i + 1).is_some_and(|n| n.is_alphanumeric() || *n == '#') => out.push_str("&amp;"),
            '#' if !prev_alnum => out.push_str("\\#"),
            _ => out.push(c),
        }
        i += 1;
    }
}

fn render_blocks(blocks: &[Block], width: usize, lines: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Paragraph(text) => {
                lines.extend(wrap(text, width));
                lines.push(String::new());
            }
            Block::Code(code) => {
                lines.push("```text".to_string());
                lines.extend(code.lines().map(|l| l.trim_end().to_string()));
                lines.push("```".to_string());
                lines.push(String::new());
            }
            Block::List { ordered, items } => {
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered { format!("{}. ", n + 1) } else { "- ".to_string() };
                    let indent = " ".repeat(marker.len());
                    let mut inner = Vec::new();
                    render_blocks(item, width.saturating_sub(indent.len()).max(40), &mut inner);
                    while inner.last().is_some_and(|l| l.is_empty()) {
                        inner.pop();
                    }
                    for (k, line) in inner.into_iter().enumerate() {
                        if k == 0 {
                            lines.push(format!("{marker}{line}"));
                        } else if line.is_empty() {
                            lines.push(String::new());
                        } else {
                            lines.push(format!("{indent}{line}"));
                        }
                    }
                }
                lines.push(String::new());
            }
        }
    }
}

/// Folds whitespace and wraps at spaces near `width`. A line never starts with a word that
/// Markdown would read as a list marker or heading, so wrapping cannot change meaning.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in words(text) {
        let risky = word.starts_with(['-', '+', '=', '#', '>']) || ordered_marker(&word);
        if !line.is_empty() && line.len() + 1 + word.len() > width && !risky {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if let Some(first) = lines.first_mut() {
        if first.starts_with(['-', '+', '=']) || ordered_marker(first) {
            first.insert(0, '\\');
        }
    }
    lines
}

fn ordered_marker(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && word[digits..].starts_with(['.', ')'])
}

/// Splits at whitespace, except inside code spans and link targets, whose spaces matter.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut fence: Option<usize> = None;
    let mut in_angle = false;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' && (i == 0 || chars[i - 1] != '\\') {
            let run = chars[i..].iter().take_while(|&&x| x == '`').count();
            match fence {
                Some(open) if open == run => fence = None,
                None => fence = Some(run),
                _ => {}
            }
            current.extend(std::iter::repeat_n('`', run));
            i += run;
            continue;
        }
        if fence.is_none() && c == '<' && (i == 0 || chars[i - 1] != '\\') {
            in_angle = true;
        } else if c == '>' && in_angle && chars[i - 1] != '\\' {
            in_angle = false;
        }
        if c.is_whitespace() && fence.is_none() && !in_angle {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        } else {
            current.push(if c.is_whitespace() { ' ' } else { c });
        }
        i += 1;
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown;

    fn md(html: &str) -> String {
        html_to_markdown(html, 100).join("\n")
    }

    #[test]
    fn paragraphs_code_and_links() {
        assert_eq!(
            md("<p>The time when the session is set to expire. See <code>MaxUserDurationInSeconds</code>.</p><p>Second   paragraph\n with <a href=\"https://docs.aws.amazon.com/x.html\">a link</a>.</p>"),
            "The time when the session is set to expire. See `MaxUserDurationInSeconds`.\n\nSecond paragraph with [a link](<https://docs.aws.amazon.com/x.html>)."
        );
    }

    #[test]
    fn lists_nest_and_notes_are_labelled() {
        assert_eq!(
            md("<p>Values:</p><ul><li><p><code>API</code> - a URL</p></li><li>SAML<ol><li>one</li><li>two</li></ol></li></ul><note><p>Be careful.</p></note>"),
            "Values:\n\n- `API` - a URL\n- SAML\n\n  1. one\n  2. two\n\n**Note:** Be careful."
        );
    }

    #[test]
    fn markup_in_text_is_escaped_and_bare_urls_wrapped() {
        assert_eq!(
            md("<p>Use a value like [a-z]* or <i>arn:aws:*</i>, see https://example.com/a_b. Also 1 &lt; 2 &amp;&amp; _x_ |&nbsp;y</p>"),
            "Use a value like \\[a-z\\]\\* or *arn:aws:\\**, see <https://example.com/a_b>. Also 1 \\< 2 && \\_x\\_ \\| y"
        );
    }

    #[test]
    fn tolerates_broken_html() {
        assert_eq!(md("<p>Unclosed <b>bold</p> text</i> <notatag"), "Unclosed **bold**\n\ntext \\<notatag");
        assert_eq!(md("a <1 b"), "a \\<1 b");
        assert_eq!(md(""), "");
        assert_eq!(md("<p></p>"), "");
        assert_eq!(md("<code>a ` b</code>"), "``a ` b``");
        assert_eq!(md("&#x41;&#66;&bogus;&"), "AB&amp;bogus;&");
        // Found by fuzzing (fuzz/regressions/model_json): an empty closing tag closed
        // the document itself and panicked.
        assert_eq!(md("a</>b"), "ab");
    }

    #[test]
    fn wraps_without_starting_a_line_with_a_marker() {
        let text = format!("<p>{} - not a list 1. not a number</p>", "word ".repeat(19));
        for line in html_to_markdown(&text, 100).iter().skip(1) {
            assert!(!line.starts_with('-') && !line.starts_with("1."), "{line:?}");
        }
        assert_eq!(md("<p>- leading dash</p>"), "\\- leading dash");
        assert_eq!(md("<pre>let x = 1;\n  y</pre>"), "```text\nlet x = 1;\n  y\n```");
    }

    #[test]
    fn deep_nesting_neither_overflows_nor_loses_text() {
        // Found by probing after fuzzing found unbounded recursion elsewhere.
        let html = format!("{}deep text", "<b><p>".repeat(40_000));
        assert!(html_to_markdown(&html, 80).concat().contains("deep text"));
        assert!(super::html_to_text(&html).concat().contains("deep text"));
    }
}

"""Which HTML parser for read/html.py: selectolax (lexbor) vs lxml, parse + strip + one full walk.

    .venv/bin/python bench/html_parsers.py [--repeat 5] [--bench DIR]

Both do what read/html.py needs: parse the page, drop script/style/... subtrees (in C for both:
lexbor's strip_tags, lxml's strip_elements), and visit every element of the body with its tag,
class and id and every piece of text once, ending a line at block elements. Median of --repeat
passes over the html-bench pages, milliseconds per page of this process's CPU time (one core).
"""
from __future__ import annotations

import argparse
import gc
import re
import statistics
import sys
import time
from pathlib import Path

DEFAULT_BENCH = Path(__file__).resolve().parents[2] / "shared" / "data" / "html-bench"
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if not (args.bench / "ground-truth.json").exists():
        print(f"skipped: {args.bench} is not present")
        return 0
    from lxml import etree
    from lxml import html as lxml_html
    from selectolax.lexbor import LexborHTMLParser

    from kliping.evaluate.htmlbench import load_bench
    from kliping.read.html import BLOCK_TAGS, DROP_TAGS, decode_html

    texts = [decode_html(p.html)[0] for p in load_bench(args.bench)]
    lx_parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True)

    def lexbor(s: str) -> int:
        tree = LexborHTMLParser(s)
        tree.strip_tags(DROP_TAGS)
        lines, buf = 0, 0
        stack = [(tree.body or tree.root).iter(include_text=True)]
        blocks = [True]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                if blocks.pop() and buf:
                    lines, buf = lines + 1, 0
                continue
            tag = node.tag
            if tag == "-text":
                buf += len(node.text_content or "")
            elif tag[0] not in "-_!":
                attrs = node.attributes
                attrs.get("class"), attrs.get("id")
                block = tag in BLOCK_TAGS
                if block and buf:
                    lines, buf = lines + 1, 0
                stack.append(node.iter(include_text=True))
                blocks.append(block)
        return lines

    def lxml_walk(s: str) -> int:
        root = lxml_html.document_fromstring(_XML_DECL.sub("", s), parser=lx_parser)
        etree.strip_elements(root, *DROP_TAGS, with_tail=False)
        body = root.find("body")
        lines, buf = 0, 0
        for event, el in etree.iterwalk(body if body is not None else root, events=("start", "end")):
            block = el.tag in BLOCK_TAGS
            if event == "start":
                el.get("class"), el.get("id")
                if block and buf:
                    lines, buf = lines + 1, 0
                buf += len(el.text or "")
            else:
                if block and buf:
                    lines, buf = lines + 1, 0
                buf += len(el.tail or "")
        return lines

    contenders = {"selectolax (lexbor)": lexbor, "lxml": lxml_walk}
    for fn in contenders.values():
        for s in texts:
            fn(s)
    ms: dict[str, list[float]] = {k: [] for k in contenders}
    for _ in range(args.repeat):
        for name, fn in contenders.items():
            gc.collect()
            c0 = time.process_time()
            for s in texts:
                fn(s)
            ms[name].append((time.process_time() - c0) * 1000 / len(texts))
    print(f"# {len(texts)} html-bench pages, median of {args.repeat} passes, CPU ms per page (parse + strip + walk)")
    for name in contenders:
        print(f"{name:20s} {statistics.median(ms[name]):6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

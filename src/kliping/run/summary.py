"""What a run did: documents read, articles written, rejections by reason."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Article, Rejection


@dataclass
class Summary:
    read: int = 0
    articles: int = 0
    kinds: Counter = field(default_factory=Counter)
    rejections: Counter = field(default_factory=Counter)
    flags: Counter = field(default_factory=Counter)

    def count(self, item: Article | Rejection) -> None:
        self.read += 1
        if isinstance(item, Article):
            self.articles += 1
            self.kinds[item.kind] += 1
            self.flags.update(item.flags)
        else:
            self.rejections[item.reason] += 1

    @property
    def rejected(self) -> int:
        return sum(self.rejections.values())

    def lines(self) -> list[str]:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items()))
        out = [f"documents read: {self.read}",
               f"articles written: {self.articles}" + (f" ({kinds})" if kinds else ""),
               f"rejected: {self.rejected}"]
        out += [f"  {reason}: {n}" for reason, n in self.rejections.most_common()]
        if self.flags:
            out.append("flagged: " + ", ".join(f"{k} {v}" for k, v in self.flags.most_common()))
        return out

    def to_dict(self) -> dict:
        return {"read": self.read, "articles": self.articles, "kinds": dict(self.kinds),
                "rejections": dict(self.rejections), "flags": dict(self.flags)}

"""Document-level facts: title, organisation, year, phase, scope, region, sections, organisations."""

from __future__ import annotations

import re
from collections import Counter

from budgetkg.errors import InputError

from .facts import DocumentInfo, Organisation, Source
from .layout import squeeze
from .read import normalise

_YEAR = re.compile(r"(\d{4})\s*年")
_TITLE = re.compile(r"^(\S{2,40}?)(\d{4})年度?(?:部门|单位)?(?:预算|决算)")
_PHASE_TAIL = re.compile(r"(?:部门|单位|本级)?(?:预算|决算).*$")
_SECTION = re.compile(r"^第[一二三四五六七八九十]+部分")
_CJK = "\u4e00-\u9fff"
# 省/自治区, then 市/自治州/地区/盟, then 区/县/旗, an autonomous 县/旗 (双江拉祜族佤族布朗族傣族自治县) or a
# county-level 市 under a 自治州 or 市 (阿图什市)
_REGION = re.compile(
    rf"^(?P<prov>[{_CJK}]{{2,3}}?省|[{_CJK}]{{2,5}}?自治区)?"
    rf"(?P<city>[{_CJK}]{{1,4}}?市|[{_CJK}]{{2,10}}?自治州|[{_CJK}]{{2,4}}?(?:地区|盟))?"
    rf"(?P<county>[{_CJK}]{{2,15}}?自治[县旗]|[{_CJK}]{{1,6}}?(?:区|县|旗)|[{_CJK}]{{1,4}}?市)?"
)
_PARENT = re.compile(r"本单位(?:为|是)(\S+?)(?:的)?(?:二级|所属|下属)")
_SUMMARY = ("（汇总）", "(汇总)")


def title_of(lines: list[str]) -> str:
    """The document title: the cover lines up to the one naming 预算/决算, else the first titled line."""
    cover: list[str] = []
    for line in lines:
        text = squeeze(line)
        if not text:
            continue
        if text in ("目录", "目錄") or _SECTION.match(text):
            break
        cover.append(text)
        if "预算" in text or "决算" in text:
            return "".join(cover)
    for line in lines:
        if _TITLE.match(squeeze(normalise(line))):
            return squeeze(line)
    raise InputError("no document title naming a year and 预算/决算 found")


def document_info(doc: str, lines: list[str], tables_units: list[str], table_orgs: list[str]) -> DocumentInfo:
    """Title, organisation, year, phase, scope, unit, region and sections of a document."""
    title = title_of(lines)
    year_match = _YEAR.search(normalise(title))
    if not year_match:
        raise InputError(f"{doc}: title {title!r} names no year")
    year = int(year_match.group(1))
    if not 1990 <= year <= 2100:
        raise InputError(f"{doc}: absurd fiscal year {year}")
    phase = "决算" if "决算" in title else "预算"
    scope = "单位" if re.search(r"单位(?:预算|决算)|本级", title) else "部门"
    title_org = _PHASE_TAIL.sub("", _YEAR.sub("", normalise(title).replace("年度", "年"))).strip()
    org = canonical(table_orgs[0]) if table_orgs else canonical(title_org)
    unit = Counter(tables_units).most_common(1)[0][0] if tables_units else "元"
    text = "\n".join(lines)
    region, region_full = region_of(org, text)
    info = DocumentInfo(
        doc=doc,
        title=title,
        org=org,
        year=year,
        phase=phase,
        scope=scope,
        currency_unit=unit,
        region=region,
        region_full=region_full,
        sections=sections(lines),
    )
    main = Organisation(org, scope, region, region_full, source=Source(doc, 1, lines[0] if lines else ""))
    main.aliases = sorted({name for name in (title_org, *table_orgs[:1]) if name and name != org})
    main.parent = _parent_of(org, scope, text)
    info.organisations.append(main)
    return info


def canonical(name: str) -> str:
    """An organisation name as keyed: no （汇总） marker, full-width brackets."""
    for marker in _SUMMARY:
        name = name.replace(marker, "")
    return squeeze(name).replace("(", "（").replace(")", "）")


def region_of(org: str, text: str) -> tuple[str | None, str | None]:
    """Short region name from the organisation name, and its full name only where the text prints it."""
    match = _REGION.match(org)
    if not match or not any(match.groups()):
        return None, None
    short = match.group("county") or match.group("city") or match.group("prov")
    printed = (match.group("prov") or "") + (match.group("city") or "") + (match.group("county") or "")
    if printed != short:
        return short, printed
    wider = re.search(rf"([{_CJK}]{{2,4}}?[省市]){re.escape(short)}", text)
    return short, (wider.group(1) + short if wider else None)


def sections(lines: list[str]) -> list[str]:
    """The 第一部分 … headings as printed (spacing collapsed), a bare heading joined with the next line."""
    found: list[str] = []
    for index, line in enumerate(lines):
        text = " ".join(line.split())
        if not _SECTION.match(text):
            continue
        if re.fullmatch(r"第[一二三四五六七八九十]+部分", text):
            following = next((ln.strip() for ln in lines[index + 1 : index + 4] if ln.strip()), "")
            text = f"{text} {' '.join(following.split())}".strip()
        if squeeze(text) not in {squeeze(seen) for seen in found}:
            found.append(text)
    return found


def _parent_of(org: str, scope: str, text: str) -> str | None:
    """The 部门 a 单位-scope document's organisation belongs to, where printed."""
    if scope != "单位":
        return None
    if org.endswith("（本级）"):
        return org.removesuffix("（本级）")
    match = _PARENT.search(text)
    return canonical(match.group(1)) if match else None


def add_unit_orgs(info: DocumentInfo, unit_orgs: dict[str, str]) -> dict[str, str]:
    """Add the organisations named by unit codes; return printed name -> canonical name renames."""
    renames: dict[str, str] = {}
    codes = sorted(unit_orgs, key=len)
    main = info.organisations[0]
    for code in codes:
        name = canonical(unit_orgs[code])
        parent_code = next((c for c in codes if c != code and code.startswith(c)), None)
        if parent_code is None and (name.endswith(main.name) or main.name.endswith(name)):
            if name != main.name:
                main.aliases.append(main.name)
                renames[main.name] = name
                main.name = name
            main.code = main.code or code
            continue
        parent = canonical(unit_orgs[parent_code]) if parent_code else main.name
        existing = next((o for o in info.organisations if o.name == name), None)
        if existing:
            existing.code = existing.code or code
            continue
        region, region_full = region_of(name, "")
        unit = Organisation(
            name, "单位", region or info.region, region_full or info.region_full, code, parent
        )
        unit.aliases = [unit_orgs[code]] if unit_orgs[code] != name else []
        info.organisations.append(unit)
    if main.name != info.org:
        renames.setdefault(info.org, main.name)
        info.org = main.name
    return renames

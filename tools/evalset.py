"""A labelled evaluation set for identity resolution, generated, deterministic.

``build_evalset`` draws, from ``random.Random(seed)`` alone, people and the person
records a LinkedIn export and address books hold about them: one Connections.csv
row per connection and vCard cards written by the owner over the years. Every
record carries the id of the person it is about (``entity``), so a resolver's
output can be scored pair by pair. The noise is the one real address books have:
nicknames (Bob for Robert), missing accents, typos, names in Cyrillic or Chinese
on the card and transliterated on LinkedIn, pronouns, emoji and credentials on
LinkedIn, maiden names (an old card with the family name before a marriage,
same given name, birthday and personal email), job changes (an old card with the
former company and work email, the same mobile and personal email), company
legal forms ("Inc.", "GmbH", "Ltd") present or not, cards that hold only a
full name, and cards written family name first. And the people who must stay
apart: namesakes at other companies, family members sharing a landline, a
family inbox and a home address, colleagues whose cards carry the same switchboard number, and a
few colleagues whose names differ by one letter.

What a record holds follows what exports hold: Connections.csv shows an email for
about a fifth of connections (LinkedIn's own note; more for people who moved, who
are found through the email they kept), the employer for 95%; a card has a company
85% of the time, a personal email 55%, a work email 45%, a mobile 80%, a birthday
30%, a city 40%, the street and postcode of the person's home 30% (50% for a family's
cards; the street type sometimes abbreviated: "Mill Rd"), the profile URL 8%. So some true pairs
carry nothing but a name and no resolver that refuses name-only merges can find them:
they bound the recall.
Family names are about as concentrated as census counts, so namesakes come about
as often as in life (and more among the Chinese and Russian names, as in life).

``build_evalset`` returns RECORDS-shaped dicts (see audit/schemas.py) plus the
truth; ``write_evalset`` writes them as Connections.csv, contacts.vcf and
truth.csv for a run of the real command:

    .venv/bin/python -m tools.evalset OUT_DIR [--connections 1500] [--cards 1500]
"""

from __future__ import annotations

import argparse
import csv
import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from audit.schemas import RECORDS, blank_row

DEFAULT_SEED = 20261121

FEMALE = (
    *("Elizabeth", "Margaret", "Catherine", "Jennifer", "Patricia", "Susan", "Deborah"),
    *("Rebecca", "Victoria", "Alexandra", "Christina", "Samantha", "Jessica", "Abigail"),
    *("Rachel", "Laura", "Emily", "Sophie", "Hannah", "Olivia", "Charlotte", "Amelia"),
    *("Julia", "Natalie", "Amanda", "Kimberly", "Melissa", "Nicole", "Stephanie", "Sarah"),
    *("Anna", "Maria", "Claire", "Fiona", "Grace", "Helen", "Irene", "Joanna", "Karen"),
    *("Linda", "Monica", "Nora", "Paula", "Rita", "Sandra", "Tina", "Ursula", "Vera"),
    *("Wendy", "Yvonne", "Zara", "Priya", "Aisha", "Leila", "Mei", "Ingrid", "Astrid"),
    *("Beatrice", "Dorothy", "Eleanor", "Frances", "Gabrielle", "Isabel", "Josephine"),
    *("Alice", "Bianca", "Camille", "Daphne", "Esther", "Flora", "Gemma", "Harriet", "Imogen"),
    *("Jasmine", "Katrin", "Lucia", "Miriam", "Naomi", "Ophelia", "Petra", "Rosalind", "Selma"),
    *("Tamsin", "Valentina", "Willa", "Xenia", "Yasmin", "Zofia", "Annika", "Birgit", "Carmen"),
    *("Delia", "Elodie", "Freya", "Greta", "Heidi", "Ilse", "Johanna", "Kirsten", "Lena"),
)
MALE = (
    *("Robert", "William", "Richard", "James", "Michael", "Christopher", "Jonathan"),
    *("Thomas", "Daniel", "Matthew", "Anthony", "Joseph", "Benjamin", "Nicholas"),
    *("Alexander", "Edward", "Charles", "Andrew", "Stephen", "Timothy", "Samuel"),
    *("David", "Peter", "Patrick", "Gregory", "Lawrence", "Kenneth", "Raymond", "Ronald"),
    *("Adam", "Brian", "Colin", "Derek", "Ethan", "Felix", "George", "Henry", "Ian"),
    *("Jack", "Kevin", "Liam", "Martin", "Neil", "Oscar", "Paul", "Quentin", "Ryan"),
    *("Simon", "Victor", "Walter", "Arjun", "Rahul", "Omar", "Tariq", "Lars", "Henrik"),
    *("Frederick", "Gerald", "Harold", "Isaac", "Jacob", "Leonard", "Nathaniel", "Zachary"),
    *("Aaron", "Bruno", "Cedric", "Dominic", "Elliot", "Fabian", "Gideon", "Hugo", "Ivo"),
    *("Jasper", "Kasper", "Lorenzo", "Malcolm", "Nikolaus", "Otto", "Pascal", "Rafael", "Sven"),
    *("Tobias", "Ulrich", "Vincent", "Wesley", "Xavier", "Yannick", "Zeno", "Anton", "Basil"),
    *("Cyril", "Desmond", "Emil", "Florian", "Gustav", "Horace", "Jonas", "Konrad", "Lucas"),
)
FAMILY = (
    *("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson"),
    *("Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White"),
    *("Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King"),
    *("Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter"),
    *("Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards"),
    *("Collins", "Stewart", "Morris", "Rogers", "Reed", "Cook", "Morgan", "Bell"),
    *("Murphy", "Bailey", "Cooper", "Richardson", "Cox", "Howard", "Ward", "Peterson"),
    *("Gray", "James", "Watson", "Brooks", "Kelly", "Sanders", "Price", "Bennett"),
    *("Wood", "Barnes", "Ross", "Henderson", "Coleman", "Jenkins", "Perry", "Powell"),
    *("Long", "Patterson", "Hughes", "Flores", "Washington", "Butler", "Simmons", "Foster"),
    *("Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Koch"),
    *("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Leroy"),
    *("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"),
    *("Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder"),
    *("Kowalski", "Nowak", "Wiśniewski", "Lewandowski", "Patel", "Sharma", "Gupta", "Singh"),
    *("Nguyen", "Tran", "Kim", "Park", "Tanaka", "Sato", "Hansen", "Johansson"),
    *("O'Brien", "O'Connor", "McDonald", "MacLeod", "Fitzgerald", "Gallagher", "Byrne"),
)
# Syllables for a long tail of rarer family names (Holmberg, Castellano, Lindqvistford...).
FAMILY_HEADS = (
    *("Hol", "Berg", "Cast", "Lind", "Mar", "Fern", "Ash", "Brad", "Dal", "Gold", "Hart"),
    *("Kirk", "Lang", "Mont", "North", "Ral", "Stan", "Thorn", "Wil", "Yar", "Zell", "Pem"),
    *("Ack", "Bur", "Cran", "Dun", "Elm", "Frost", "Grim", "Hay", "Ing", "Jar", "Kell"),
)
FAMILY_MIDS = ("a", "e", "i", "o", "en", "er", "in", "an", "el", "ow")
FAMILY_TAILS = (
    *("mberg", "llano", "quist", "ford", "ley", "wood", "ington", "ridge", "stein", "mann"),
    *("worth", "ton", "sby", "field", "hurst", "cott", "wick", "dale", "ström", "ard", "ero"),
    *("brook", "combe", "gate", "holm", "lock", "more", "ness", "shaw", "thwaite", "vik"),
)
# Names with accents, as their owners write them.
ACCENTED = (
    *(("Renée", "F"), ("José", "M"), ("Zoë", "F"), ("Björn", "M"), ("François", "M")),
    *(("Søren", "M"), ("Chloé", "F"), ("Jürgen", "M"), ("Inés", "F"), ("Łukasz", "M")),
    *(("Hélène", "F"), ("André", "M"), ("Mónica", "F"), ("Sébastien", "M"), ("Agnès", "F")),
)
ACCENTED_FAMILY = (
    *("Müller", "García", "Lefèvre", "Åström", "Núñez", "Šimek", "Görtz", "Peña"),
    *("Beaumé", "Dvořák", "Ibáñez", "Jönsson", "Lévesque", "Özdemir", "Wójcik", "Čapek"),
)
# Russian names: (Cyrillic, the Latin spelling LinkedIn profiles use). Family names are
# given in the masculine form; women's take an "а" ("a").
CYRILLIC_MALE = (
    *(("Дмитрий", "Dmitry"), ("Сергей", "Sergey"), ("Алексей", "Alexey"), ("Андрей", "Andrey")),
    *(("Иван", "Ivan"), ("Михаил", "Mikhail"), ("Николай", "Nikolai"), ("Владимир", "Vladimir")),
    *(("Павел", "Pavel"), ("Евгений", "Evgeny"), ("Юрий", "Yury"), ("Максим", "Maxim")),
    *(("Артём", "Artem"), ("Константин", "Konstantin"), ("Григорий", "Grigory"), ("Олег", "Oleg")),
)
CYRILLIC_FEMALE = (
    *(("Ольга", "Olga"), ("Наталья", "Natalia"), ("Екатерина", "Ekaterina"), ("Юлия", "Yulia")),
    *(("Мария", "Maria"), ("Татьяна", "Tatiana"), ("Анастасия", "Anastasia"), ("Ирина", "Irina")),
    *(("Светлана", "Svetlana"), ("Елена", "Elena"), ("Ксения", "Ksenia"), ("Анна", "Anna")),
    *(("Людмила", "Lyudmila"), ("Галина", "Galina"), ("Дарья", "Daria"), ("Вера", "Vera")),
)
CYRILLIC_FAMILY = (
    *(("Волков", "Volkov"), ("Смирнов", "Smirnov"), ("Кузнецов", "Kuznetsov")),
    *(("Попов", "Popov"), ("Соколов", "Sokolov"), ("Лебедев", "Lebedev"), ("Козлов", "Kozlov")),
    *(("Новиков", "Novikov"), ("Морозов", "Morozov"), ("Петров", "Petrov"), ("Павлов", "Pavlov")),
    *(("Семенов", "Semenov"), ("Егоров", "Egorov"), ("Федоров", "Fedorov"), ("Орлов", "Orlov")),
    *(("Макаров", "Makarov"), ("Зайцев", "Zaytsev"), ("Соловьев", "Solovyev"), ("Белов", "Belov")),
    *(
        ("Тарасов", "Tarasov"),
        ("Беляев", "Belyaev"),
        ("Комаров", "Komarov"),
        ("Виноградов", "Vinogradov"),
    ),
)
# Endings that make rarer family names of the common ones' stems ("Волк" + "ович").
CYRILLIC_ENDINGS = (("ович", "ovich"), ("инский", "insky"), ("енко", "enko"), ("ин", "in"))
# Chinese names: (Han, pinyin). The card writes family name first, without a space.
CHINESE_GIVEN = (
    *(("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("强", "Qiang"), ("静", "Jing"), ("磊", "Lei")),
    *(("敏", "Min"), ("军", "Jun"), ("洋", "Yang"), ("勇", "Yong"), ("艳", "Yan"), ("杰", "Jie")),
    *(("涛", "Tao"), ("明", "Ming"), ("超", "Chao"), ("秀英", "Xiuying"), ("丽", "Li")),
    *(("建华", "Jianhua"), ("志强", "Zhiqiang"), ("海燕", "Haiyan"), ("晓明", "Xiaoming")),
    *(("婷", "Ting"), ("鹏", "Peng"), ("辉", "Hui"), ("斌", "Bin"), ("宇", "Yu"), ("欣", "Xin")),
)
CHINESE_FAMILY = (
    *(("李", "Li"), ("王", "Wang"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang")),
    *(("黄", "Huang"), ("赵", "Zhao"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun")),
    *(("胡", "Hu"), ("朱", "Zhu"), ("高", "Gao"), ("林", "Lin"), ("何", "He"), ("郭", "Guo")),
    *(("马", "Ma"), ("罗", "Luo"), ("梁", "Liang"), ("宋", "Song"), ("郑", "Zheng"), ("谢", "Xie")),
)
# The generator's own nickname list, independent of the resolver's table.
NICKNAMES = {
    "Robert": ("Bob", "Rob", "Bobby"),
    "William": ("Bill", "Will", "Billy"),
    "Richard": ("Rick", "Rich", "Dick"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Michael": ("Mike", "Mick"),
    "Christopher": ("Chris",),
    "Jonathan": ("Jon",),
    "Thomas": ("Tom", "Tommy"),
    "Daniel": ("Dan", "Danny"),
    "Matthew": ("Matt",),
    "Anthony": ("Tony",),
    "Joseph": ("Joe",),
    "Benjamin": ("Ben",),
    "Nicholas": ("Nick",),
    "Alexander": ("Alex",),
    "Edward": ("Ed", "Ted", "Eddie"),
    "Charles": ("Charlie", "Chuck"),
    "Andrew": ("Andy", "Drew"),
    "Stephen": ("Steve",),
    "Timothy": ("Tim",),
    "Samuel": ("Sam",),
    "David": ("Dave",),
    "Peter": ("Pete",),
    "Patrick": ("Pat",),
    "Gregory": ("Greg",),
    "Lawrence": ("Larry",),
    "Kenneth": ("Ken",),
    "Raymond": ("Ray",),
    "Ronald": ("Ron",),
    "Frederick": ("Fred",),
    "Gerald": ("Gerry",),
    "Harold": ("Harry",),
    "Jacob": ("Jake",),
    "Leonard": ("Len", "Leo"),
    "Nathaniel": ("Nate", "Nat"),
    "Zachary": ("Zach",),
    "Elizabeth": ("Liz", "Beth", "Betsy"),
    "Margaret": ("Maggie", "Meg", "Peggy"),
    "Catherine": ("Kate", "Cathy"),
    "Jennifer": ("Jen", "Jenny"),
    "Patricia": ("Pat", "Trish"),
    "Susan": ("Sue", "Susie"),
    "Deborah": ("Debbie", "Deb"),
    "Rebecca": ("Becky",),
    "Victoria": ("Vicky", "Tori"),
    "Alexandra": ("Alex", "Sasha"),
    "Christina": ("Chris", "Tina"),
    "Samantha": ("Sam",),
    "Jessica": ("Jess",),
    "Abigail": ("Abby",),
    "Kimberly": ("Kim",),
    "Melissa": ("Mel",),
    "Dorothy": ("Dot", "Dottie"),
    "Eleanor": ("Ellie", "Nell"),
    "Frances": ("Fran",),
    "Josephine": ("Jo", "Josie"),
    "Dmitry": ("Dima",),
    "Alexey": ("Lyosha",),
    "Natalia": ("Natasha",),
    "Ekaterina": ("Katya",),
    "Maria": ("Masha",),
    "Tatiana": ("Tanya",),
}
# Companies: the name people say, its legal form, its domain.
COMPANIES = (
    *(("Northwind", "Inc.", "northwind.com"), ("Contoso", "Ltd", "contoso.co.uk")),
    *(("Fabrikam", "Inc.", "fabrikam.com"), ("Initech", "LLC", "initech.com")),
    *(("Globex", "Corporation", "globex.com"), ("Umbrella Health", "Inc.", "umbrella.health")),
    *(("Kessler Logistik", "GmbH", "kessler-logistik.de"), ("Brandt & Vogel", "AG", "bv.ch")),
    *(("Soylent Foods", "Ltd", "soylent.co.uk"), ("Wayne Enterprises", "Inc.", "wayne.com")),
    *(("Stark Industries", "Inc.", "stark.com"), ("Tyrell Systems", "Corp.", "tyrell.io")),
    *(("Hooli", "Inc.", "hooli.com"), ("Pied Piper", "Inc.", "piedpiper.com")),
    *(("Vandelay Imports", "LLC", "vandelay.com"), ("Dunder Mifflin", "Inc.", "dundermifflin.com")),
    *(("Massive Dynamic", "Inc.", "massivedynamic.com"), ("Oscorp", "Inc.", "oscorp.com")),
    *(("Cyberdyne", "Systems", "cyberdyne.com"), ("Gringotts", "Ltd", "gringotts.co.uk")),
    *(("Aperture Science", "Inc.", "aperture.com"), ("Monarch Solutions", "Ltd", "monarch.ie")),
    *(("Bluth Company", "Inc.", "bluth.com"), ("Sterling Cooper", "LLC", "sterlingcooper.com")),
    *(("Nakatomi Trading", "K.K.", "nakatomi.co.jp"), ("Rekall", "Inc.", "rekall.com")),
    *(("Lumon Industries", "Inc.", "lumon.com"), ("Wonka Confections", "Ltd", "wonka.co.uk")),
    *(("Rautio Konsultit", "Oy", "rautio.fi"), ("Dupont Conseil", "SAS", "dupont-conseil.fr")),
    *(("Bianchi Design", "S.r.l.", "bianchidesign.it"), ("Van Dijk Advies", "B.V.", "vandijk.nl")),
    *(("Ostrava Strojírny", "s.r.o.", "ostrava-stroj.cz"), ("Nordlys Energi", "AS", "nordlys.no")),
    *(
        ("Meridian Analytics", "Inc.", "meridian-analytics.com"),
        ("Keystone Bank", "plc", "keystone.co.uk"),
    ),
    *(("Helios Robotics", "GmbH", "helios-robotics.de"), ("Pinecone Labs", "Inc.", "pinecone.dev")),
    *(("Atlas Freight", "Ltd", "atlasfreight.com"), ("Quantum Ledger", "Inc.", "quantumledger.io")),
)
# Smaller employers: a long tail of companies with one or two of the owner's contacts.
INDUSTRIES = (
    *("Consulting", "Partners", "Labs", "Logistics", "Capital", "Health", "Software"),
    *("Media", "Energy", "Foods", "Design", "Analytics", "Robotics", "Legal", "Studio"),
)
LEGAL_FORMS = ("Inc.", "Ltd", "LLC", "GmbH", "AG", "S.A.", "B.V.", "Pty Ltd", "Corp.", "plc")
SMALL_COMPANIES = tuple(
    (
        f"{head}{tail} {industry}",
        LEGAL_FORMS[(h + t + k) % len(LEGAL_FORMS)],
        f"{head}{tail}-{industry}.com".lower().replace("ö", "o"),
    )
    for h, head in enumerate(FAMILY_HEADS[:18])
    for t, tail in enumerate(FAMILY_TAILS[:12])
    for k, industry in enumerate(INDUSTRIES[(h + t) % 15 : (h + t) % 15 + 1])
)
EMPLOYERS = COMPANIES + SMALL_COMPANIES

CITIES = (
    *(("London", "United Kingdom"), ("Manchester", "United Kingdom"), ("Berlin", "Germany")),
    *(("München", "Germany"), ("Paris", "France"), ("Lyon", "France"), ("Madrid", "Spain")),
    *(("New York", "USA"), ("San Francisco", "USA"), ("Austin", "USA"), ("Chicago", "USA")),
    *(("Toronto", "Canada"), ("Amsterdam", "Netherlands"), ("Zürich", "Switzerland")),
    *(("Stockholm", "Sweden"), ("Moscow", "Russia"), ("Shanghai", "China"), ("Dublin", "Ireland")),
    *(("Milano", "Italy"), ("Praha", "Czechia"), ("Oslo", "Norway"), ("Helsinki", "Finland")),
)
STREET_NAMES = (
    *("Mill", "Church", "Station", "High", "Park", "Victoria", "Green", "Manor", "Kings"),
    *("Queens", "Grange", "Windsor", "Chestnut", "Linden", "Birch", "Meadow", "Orchard"),
    *("Harbour", "Castle", "Bridge", "Market", "Garden", "Forest", "Lake", "River", "Hill"),
    *("Albert", "York", "Elm", "Oak", "Cedar", "Willow", "Beacon", "Clifton", "Rosewood"),
)
# (in full, short) as address books hold them.
STREET_TYPES = (("Road", "Rd"), ("Street", "St"), ("Lane", "Ln"), ("Avenue", "Ave"))
POSITIONS = (
    *("Software Engineer", "Product Manager", "Head of Sales", "CFO", "Data Scientist"),
    *("Recruiter", "Marketing Director", "Account Executive", "Designer", "Consultant"),
)
DECORATIONS = (" (she/her)", " (he/him)", " 🚀", " ✨", ", MBA", ", PhD", ", CPA")
FREE_MAIL = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "gmx.de", "hotmail.com")


@dataclass
class Person:
    """Someone the owner knows, with everything records may say about them."""

    entity: str
    first: str  # given name in Latin letters as the person writes it
    last: str  # family name now
    gender: str
    native: tuple[str, str] | None  # (given, family) in their own script
    birthday: date
    company: int  # index into EMPLOYERS, now
    old_company: int | None  # before a job change
    maiden: str | None  # family name before a marriage
    city: int  # index into CITIES
    url: str
    personal_email: str = ""
    work_email: str = ""  # at ``company``
    old_work_email: str | None = None  # at ``old_company``, under the maiden name if any
    mobile: str = ""
    home_phone: str | None = None  # a household landline
    home: tuple[str, str] = ("", "")  # (street line, postcode) in ``city``, shared by a household
    family_email: str | None = None  # a household inbox
    shown_email: str | None = None  # the email Connections.csv shows (a fourth allow it)
    shown_company: bool = True  # whether the profile names the employer


def build_evalset(
    connections: int = 1500, cards: int = 1500, seed: int = DEFAULT_SEED
) -> tuple[list[dict], list[str]]:
    """(records, entity of each record): the everyday records and the hard cases (see
    ``build_evalset_cases``). Connections.csv rows come first (``file`` =
    "Connections.csv", ``record`` = data row), then the cards of "contacts.vcf" in a
    shuffled order (``record`` = card position). Same arguments, same output."""
    records, entities, _ = build_evalset_cases(connections, cards, seed)
    return records, entities


def _build_everyday(connections: int, cards: int, seed: int) -> tuple[list[dict], list[str]]:
    """The everyday records: the people of ``_World`` and the noise of real books."""
    # Homes come from a stream of their own, so adding them left every other draw as it was.
    world = _World(random.Random(seed), random.Random(f"{seed}/homes"))
    linked: list[Person] = []
    while len(linked) < connections:
        person = world.new_person()
        linked.append(person)
        linked.extend(world.add_lookalikes(person))
    linked = linked[:connections]
    owners = world.choose_card_owners(linked, cards)
    records: list[dict] = []
    entities: list[str] = []
    for number, person in enumerate(linked, start=1):
        records.append(world.connection_row(person, number))
        entities.append(person.entity)
    world.rng.shuffle(owners)
    for number, person in enumerate(owners, start=1):
        records.append(world.card_row(person, number))
        entities.append(person.entity)
    return records, entities


class _World:
    """The people drawn so far and the addresses and numbers they use (all distinct)."""

    def __init__(self, rng: random.Random, homes: random.Random) -> None:
        self.rng = rng
        self.homes = homes
        self.people: list[Person] = []
        self.used: set[str] = set()

    def unique(self, make) -> str:
        value = make()
        while value in self.used:
            value = make()
        self.used.add(value)
        return value

    def new_person(self, **fixed) -> Person:
        """A new person drawn at random; ``fixed`` sets some of the fields (first, last,
        gender, native, maiden, company, old_company, city) before anything is derived
        from them (profile URL, email addresses)."""
        rng = self.rng
        kind = rng.random()
        native = None
        if kind < 0.06:
            gender = rng.choice("FM")
            (given, first) = rng.choice(CYRILLIC_FEMALE if gender == "F" else CYRILLIC_MALE)
            family, last = rng.choice(CYRILLIC_FAMILY)
            if rng.random() < 0.5:  # a rarer family name: Volkovsky, Belovich ...
                ending = rng.choice(CYRILLIC_ENDINGS)
                family, last = family[:-2] + ending[0], last[:-2] + ending[1]
            if gender == "F":
                family, last = family + "а", last + "a"
            native = (given, family)
        elif kind < 0.12:
            gender = rng.choice("FM")
            (given, first), (family, last) = _draw_chinese_given(rng), rng.choice(CHINESE_FAMILY)
            native = (given, family)
        elif kind < 0.25:
            first, gender = rng.choice(ACCENTED)
            last = rng.choice(ACCENTED_FAMILY + FAMILY)
        else:
            gender = rng.choice("FM")
            first = rng.choice(FEMALE if gender == "F" else MALE)
            last = _draw_family_name(rng)
        married = gender == "F" and native is None and rng.random() < 0.2
        old_company = self.employer() if rng.random() < 0.15 else None
        drawn = {
            "first": first,
            "last": last,
            "gender": gender,
            "native": native,
            "maiden": _draw_family_name(rng) if married else None,
            "company": self.employer(),
            "old_company": old_company,
            "city": rng.randrange(len(CITIES)),
        }
        drawn.update(fixed)
        if drawn["old_company"] == drawn["company"]:
            drawn["old_company"] = None
        person = Person(
            entity=f"e{len(self.people):06d}",
            birthday=date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50)),
            url=self.unique(
                lambda: (
                    f"https://www.linkedin.com/in/{_make_slug(drawn['first'])}-{_make_slug(drawn['last'])}-"
                    f"{rng.randrange(16**6):06x}"
                )
            ),
            **drawn,
        )
        person.home = self.draw_home(person.city)
        self.add_contacts(person)
        moved = person.old_company is not None or person.maiden is not None
        # Whoever changed job or name is matched through the email they kept (the brief's
        # "same email or phone"); that works only when their profile lets the email out.
        if rng.random() < (0.7 if moved else 0.2):
            person.shown_email = person.personal_email
        elif rng.random() < 0.06:
            person.shown_email = person.work_email
        person.shown_company = rng.random() < 0.95
        self.people.append(person)
        return person

    def draw_home(self, city: int) -> tuple[str, str]:
        """A street line and postcode in ``city``: a few hundred streets and fifty postcodes
        a city, so strangers share a street or a postcode now and then, as in life."""
        homes = self.homes
        street = f"{homes.choice(STREET_NAMES)} {homes.choice(STREET_TYPES)[0]}"
        line = f"{homes.randrange(1, 120)} {street}"
        return line, f"{10000 + city * 1000 + homes.randrange(50):05d}"

    def employer(self) -> int:
        """Half of everyone works at one of a few big employers, half at a long tail."""
        if self.rng.random() < 0.5:
            return self.rng.randrange(len(COMPANIES))
        return len(COMPANIES) + self.rng.randrange(len(SMALL_COMPANIES))

    def add_contacts(self, person: Person) -> None:
        rng = self.rng
        first, last = _make_slug(person.first), _make_slug(person.maiden or person.last)
        person.personal_email = self.unique(
            lambda: (
                rng.choice(
                    (
                        f"{first}.{last}",
                        f"{first}{last}{rng.randrange(10, 99)}",
                        f"{first[:1]}{last}",
                    )
                )
                + "@"
                + rng.choice(FREE_MAIL)
            )
        )
        person.work_email = self.work_email(person.first, person.last, person.company)
        if person.old_company is not None or person.maiden is not None:
            then = person.company if person.old_company is None else person.old_company
            person.old_work_email = self.work_email(
                person.first, person.maiden or person.last, then
            )
        person.mobile = self.unique(lambda: _draw_mobile(rng))

    def work_email(self, first: str, last: str, company: int) -> str:
        domain = EMPLOYERS[company][2]
        base = f"{_make_slug(first)}.{_make_slug(last)}"
        return self.unique(
            lambda: (
                f"{base}{'' if base + '@' + domain not in self.used else self.rng.randrange(2, 99)}"
                f"@{domain}"
            )
        )

    def add_lookalikes(self, person: Person) -> list[Person]:
        """People who must stay apart from ``person``: a namesake elsewhere, a family member
        sharing a landline (and sometimes an inbox), a colleague whose name is one letter
        off. Returns those of them who are connections too."""
        rng = self.rng
        pick = rng.random()
        if pick < 0.05:
            company = self.employer()
            if company == person.company:
                company = (company + 1) % len(EMPLOYERS)
            twin = self.new_person(
                first=person.first,
                last=person.last,
                gender=person.gender,
                native=person.native,
                company=company,
                city=person.city if rng.random() < 0.5 else rng.randrange(len(CITIES)),
            )
            return [twin] if rng.random() < 0.7 else []
        if pick < 0.11:
            gender = "M" if person.gender == "F" else "F"
            relative = self.new_person(
                first=rng.choice(FEMALE if gender == "F" else MALE),
                last=person.last,
                gender=gender,
                native=None,
                maiden=None,
                city=person.city,
            )
            person.home_phone = relative.home_phone = self.unique(lambda: _draw_landline(rng))
            relative.home = person.home
            if rng.random() < 0.3:
                family = self.unique(
                    lambda: (
                        f"{_make_slug(person.last)}.family{rng.randrange(10)}@{rng.choice(FREE_MAIL)}"
                    )
                )
                person.family_email = relative.family_email = family
            return [relative] if rng.random() < 0.3 else []
        lookalike = _make_typo(rng, person.first)
        if pick < 0.115 and person.native is None and lookalike != person.first:
            colleague = self.new_person(
                first=lookalike,
                last=person.last,
                gender=person.gender,
                native=None,
                maiden=None,
                company=person.company,
                old_company=None,
            )
            return [colleague]
        return []

    def choose_card_owners(self, linked: list[Person], cards: int) -> list[Person]:
        """Who the address book's cards are about: everyone drawn who is not a connection
        (relatives, namesakes), both sides of each household, then connections (two in
        three; some with a second card written years apart) and people not on LinkedIn."""
        linked_ids = {p.entity for p in linked}
        owners = [p for p in self.people if p.entity not in linked_ids]
        owners += [p for p in linked if p.home_phone]
        while len(owners) < cards:
            person = self.new_person() if self.rng.random() < 0.34 else self.rng.choice(linked)
            owners.append(person)
            if self.rng.random() < 0.15:
                owners.append(person)
        return owners[:cards]

    def connection_row(self, person: Person, number: int) -> dict:
        rng = self.rng
        first, last = person.first, person.last
        if rng.random() < 0.1:
            last += rng.choice(DECORATIONS)
        if rng.random() < 0.03:
            first = "Dr. " + first
        email = person.shown_email
        return _make_record(
            source="linkedin",
            file="Connections.csv",
            record=number,
            name=f"{first} {last}",
            first_name=first,
            last_name=last,
            linkedin_url=person.url,
            emails=[email] if email else [],
            company=EMPLOYERS[person.company][0] if person.shown_company else None,
            position=rng.choice(POSITIONS),
            connected_on=date(2012, 1, 1) + timedelta(days=rng.randrange(365 * 14)),
        )

    def card_row(self, person: Person, number: int) -> dict:
        """One card, as the owner wrote it at some point: maybe before a job change or a
        marriage, with the owner's spelling of the name."""
        rng = self.rng
        old = (person.old_company is not None or person.maiden is not None) and rng.random() < 0.5
        first, last = person.first, (person.maiden if old and person.maiden else person.last)
        if person.native and rng.random() < 0.6:
            first, last = person.native
        else:
            first, last = _spell(rng, first, last)
        use_old = old and person.old_company is not None
        company_index = person.old_company if use_old else person.company
        company, suffix, _ = EMPLOYERS[company_index]
        emails, phones = [], []
        if rng.random() < 0.55 or old:
            emails.append(person.personal_email)
        if rng.random() < 0.45:
            emails.append(person.old_work_email if old else person.work_email)
        if person.family_email and rng.random() < 0.5:
            emails.append(person.family_email)
        if rng.random() < 0.8:
            phones.append(person.mobile)
        if person.home_phone and rng.random() < 0.7:
            phones.append(person.home_phone)
        if rng.random() < 0.1:
            phones.append(_make_switchboard(company_index))
        if not emails and not phones:
            phones.append(person.mobile)
        written_company = None
        if rng.random() < 0.85:
            written_company = f"{company} {suffix}" if rng.random() < 0.5 else company
        # A card with nothing but a name and a number is what nobody can match; most
        # cards of a colleague say where they work, one way or another.
        unplaced = not old and not written_company and person.work_email not in emails
        if unplaced and rng.random() < 0.8:
            emails.append(person.work_email)
        birthday = None
        if rng.random() < 0.3:
            birthday = person.birthday.isoformat()
            if rng.random() < 0.15:
                birthday = "--" + birthday[5:]
        city, country = CITIES[person.city] if rng.random() < 0.4 else (None, None)
        address = postcode = None
        # A home address on a third of cards, on half of a family's: who knows a household
        # knows where it lives.
        if self.homes.random() < (0.5 if person.home_phone else 0.3):
            (city, country), (address, postcode) = CITIES[person.city], person.home
            if self.homes.random() < 0.3:  # "Mill Road" written "Mill Rd"
                long, short = next(t for t in STREET_TYPES if address.endswith(" " + t[0]))
                address = address.removesuffix(long) + short
        surname_first = rng.random() < 0.05
        only_full_name = rng.random() < 0.3
        han = person.native is not None and first == person.native[0] and last in HAN_FAMILY
        display = f"{last}{first}" if han else f"{first} {last}"
        return _make_record(
            source="vcard",
            file="contacts.vcf",
            record=number,
            name=f"{last}, {first}" if surname_first else display,
            first_name=None if only_full_name else first,
            last_name=None if only_full_name else last,
            linkedin_url=person.url if rng.random() < 0.08 else None,
            emails=emails,
            phones=phones,
            company=written_company,
            position=rng.choice(POSITIONS) if rng.random() < 0.5 else None,
            birthday=birthday,
            city=city,
            country=country,
            address=address,
            postcode=postcode,
        )


HAN_FAMILY = frozenset(han for han, _ in CHINESE_FAMILY)


def _spell(rng: random.Random, first: str, last: str) -> tuple[str, str]:
    """The owner's spelling: a nickname, accents left out, a typo."""
    nicknames = NICKNAMES.get(first)
    if nicknames and rng.random() < 0.3:
        first = rng.choice(nicknames)
    if rng.random() < 0.5:
        first, last = _strip_accents(first), _strip_accents(last)
    if rng.random() < 0.08:
        if rng.random() < 0.5:
            first = _make_typo(rng, first)
        else:
            last = _make_typo(rng, last)
    return first, last


def _make_record(**fields) -> dict:
    return {**blank_row(RECORDS), **fields}


def _draw_chinese_given(rng: random.Random) -> tuple[str, str]:
    """A one- or two-character given name (two thirds have two), in Han and in pinyin."""
    first = rng.choice(CHINESE_GIVEN)
    if rng.random() < 0.34:
        return first
    second = rng.choice(CHINESE_GIVEN)
    return first[0] + second[0], first[1] + second[1].lower()


def _draw_family_name(rng: random.Random) -> str:
    """A quarter common family names, the rest a long tail of rare ones: about as
    concentrated as real ones (the chance that two people share a family name is about
    1 in 2,000, as in census counts), so namesakes are as frequent as in life."""
    roll = rng.random()
    if roll < 0.25:
        return rng.choice(FAMILY)
    if roll < 0.5:
        return rng.choice(FAMILY_HEADS) + rng.choice(FAMILY_TAILS)
    return rng.choice(FAMILY_HEADS) + rng.choice(FAMILY_MIDS) + rng.choice(FAMILY_TAILS)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("Ł", "L")


def _make_typo(rng: random.Random, word: str) -> str:
    """One keyboard slip after the first letter: a letter dropped, doubled, swapped or wrong."""
    if len(word) < 4:
        return word
    k = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:k] + word[k + 1 :]
    if kind == 1:
        return word[:k] + word[k] + word[k:]
    if kind == 2:
        return word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    return word[:k] + rng.choice("aeiourstnl") + word[k + 1 :]


def _make_slug(text: str) -> str:
    return "".join(c for c in _strip_accents(text).lower() if c.isalnum())


def _draw_mobile(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"+44 7{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}"
    return f"+1 ({rng.choice((415, 212, 646, 312, 512, 617))}) 555-{rng.randrange(1000, 9999)}"


def _draw_landline(rng: random.Random) -> str:
    return f"+44 20 {rng.randrange(3000, 8999)} {rng.randrange(1000, 9999)}"


def _make_switchboard(company: int) -> str:
    return f"+1 (800) 555-{1000 + company:04d}"


# ---------------------------------------------------------------- files


def write_evalset(folder: Path, connections: int, cards: int, seed: int = DEFAULT_SEED) -> None:
    """Connections.csv, contacts.vcf and truth.csv (file, record, entity) in ``folder``."""
    records, entities = build_evalset(connections, cards, seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows = [r for r in records if r["source"] == "linkedin"]
    with (folder / "Connections.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "First Name",
                "Last Name",
                "URL",
                "Email Address",
                "Company",
                "Position",
                "Connected On",
            ]
        )
        for r in rows:
            writer.writerow(
                [
                    r["first_name"],
                    r["last_name"],
                    r["linkedin_url"],
                    (r["emails"] or [""])[0],
                    r["company"] or "",
                    r["position"] or "",
                    r["connected_on"].strftime("%d %b %Y"),
                ]
            )
    cards = [_render_vcard(r) for r in records if r["source"] == "vcard"]
    (folder / "contacts.vcf").write_text("".join(cards), encoding="utf-8", newline="")
    with (folder / "truth.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "record", "entity"])
        for r, entity in zip(records, entities, strict=True):
            writer.writerow([r["file"], r["record"], entity])


def _render_vcard(r: dict) -> str:
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")

    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{esc(r['name'])}"]
    if r["first_name"] or r["last_name"]:
        lines.append(f"N:{esc(r['last_name'] or '')};{esc(r['first_name'] or '')};;;")
    lines += [f"EMAIL;TYPE=INTERNET:{e}" for e in r["emails"]]
    lines += [f"TEL;TYPE=CELL:{p}" for p in r["phones"]]
    if r["company"]:
        lines.append(f"ORG:{esc(r['company'])}")
    if r["position"]:
        lines.append(f"TITLE:{esc(r['position'])}")
    if r["birthday"]:
        lines.append(f"BDAY:{r['birthday']}")
    if r["city"]:
        street, postcode = esc(r["address"] or ""), esc(r["postcode"] or "")
        lines.append(
            f"ADR;TYPE=HOME:;;{street};{esc(r['city'])};;{postcode};{esc(r['country'] or '')}"
        )
    if r["linkedin_url"]:
        lines.append(f"URL:{r['linkedin_url']}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--connections", type=int, default=1500)
    parser.add_argument("--cards", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    write_evalset(args.out, args.connections, args.cards, args.seed)


if __name__ == "__main__":
    main()


# ---------------------------------------------------------------- hard cases
#
# The cases where resolvers fail on real books, each with its intent written down: who is
# one person and who is two is decided here, by the generator, as a careful person
# reading the two records would decide. Drawn from a stream of their own and added to the
# records above, so the everyday set stays as it was.

# (man's name, woman's name): two names, however alike (and two names that only look alike).
OTHER_GIVEN = (
    *(("Daniel", "Daniela"), ("Paul", "Paula"), ("Christian", "Christina"), ("Robert", "Roberta")),
    *(("Louis", "Louise"), ("Michel", "Michelle"), ("Gabriel", "Gabrielle"), ("Eric", "Erica")),
    *(("Julian", "Juliana"), ("Antonio", "Antonia"), ("Martin", "Martina"), ("Simon", "Simone")),
    *(("Mario", "Maria"), ("Carl", "Carla"), ("Mark", "Mary"), ("Dean", "Dena")),
)
# One name written two ways (a careful person reads them as one).
SPELLINGS = (
    *(("Caitlyn", "Kaitlin"), ("Katherine", "Catherine"), ("Steven", "Stephen"), ("Sara", "Sarah")),
    *(("Phillip", "Philip"), ("Geoffrey", "Jeffrey"), ("Isabelle", "Isabel"), ("Erik", "Eric")),
    *(("Mohammed", "Muhammad"), ("Jakob", "Jacob"), ("Marc", "Mark"), ("Bryan", "Brian")),
    *(("Shaun", "Sean"), ("Ashleigh", "Ashley"), ("Meghan", "Megan"), ("Rebekah", "Rebecca")),
)
# Nicknames beyond the everyday ones (formal, nickname).
MORE_NICKNAMES = (
    *(("Margaret", "Peggy"), ("Henry", "Hank"), ("Edward", "Ned"), ("John", "Jack")),
    *(("Elizabeth", "Bess"), ("Christopher", "Kit"), ("Sarah", "Sally"), ("Mary", "Molly")),
    *(("Patricia", "Patsy"), ("Richard", "Dick"), ("William", "Bill"), ("Charles", "Chuck")),
    *(("Theodore", "Teddy"), ("Frances", "Fanny"), ("Susannah", "Sukie"), ("Albert", "Bertie")),
)
# Names whose transliteration cannot be trusted: (native given, native family, native as
# the card writes it, Latin given, Latin family).
UNSURE_SCRIPT = (
    *(
        ("太郎", "山田", "山田太郎", "Taro", "Yamada"),
        ("花子", "佐藤", "佐藤花子", "Hanako", "Sato"),
    ),
    *(
        ("一郎", "鈴木", "鈴木一郎", "Ichiro", "Suzuki"),
        ("直美", "渡辺", "渡辺直美", "Naomi", "Watanabe"),
    ),
    *(("דוד", "כהן", "דוד כהן", "David", "Cohen"), ("שרה", "לוי", "שרה לוי", "Sarah", "Levi")),
    *(("יוסי", "מזרחי", "יוסי מזרחי", "Yossi", "Mizrahi"),),
    *(
        ("محمد", "علي", "محمد علي", "Mohamed", "Ali"),
        ("فاطمة", "حسن", "فاطمة حسن", "Fatima", "Hassan"),
    ),
    *(("أحمد", "خليل", "أحمد خليل", "Ahmed", "Khalil"),),
)
# Names whose transliteration is reliable (Greek; Hangul in Revised Romanization).
SURE_SCRIPT = (
    *(("Γιώργος", "Παπαδόπουλος", "Γιώργος Παπαδόπουλος", "Giorgos", "Papadopoulos"),),
    *(("Νίκος", "Γεωργίου", "Νίκος Γεωργίου", "Nikos", "Georgiou"),),
    *(("Ελένη", "Δημητρίου", "Ελένη Δημητρίου", "Eleni", "Dimitriou"),),
    *(("지민", "한", "한지민", "Jimin", "Han"), ("민호", "송", "송민호", "Minho", "Song")),
    *(("서연", "장", "장서연", "Seoyeon", "Jang"),),
)
# German, Danish, Swedish names with their transcriptions (both parts transcribed).
TRANSCRIBED = (
    *(("Jürgen", "Müller", "Juergen", "Mueller"), ("Björn", "Schröder", "Bjoern", "Schroeder")),
    *(("Søren", "Jørgensen", "Soeren", "Joergensen"), ("Käthe", "Strauß", "Kaethe", "Strauss")),
    *(("Jörg", "Bäcker", "Joerg", "Baecker"), ("Günther", "Köhler", "Guenther", "Koehler")),
    *(("Jürgen", "Schäfer", "Juergen", "Schaefer"), ("Dörte", "Krüger", "Doerte", "Krueger")),
)
# (country as the card writes it, national number, the same in international form): the
# national form is only readable with the country.
NATIONAL_PHONES = (
    ("United Kingdom", "020 {a4} {b4}", "+44 20 {a4} {b4}"),
    ("Australia", "0491 {a3} {b3}", "+61 491 {a3} {b3}"),
    ("France", "06 {a2} {b2}", "+33 6 {a2} {b2}"),
    ("Deutschland", "030 {a4}{b3}", "+49 30 {a4}{b3}"),
)
HARD_KINDS = (
    "generational suffix",
    "other given names",
    "spelling variant",
    "nickname",
    "national phone",
    "00/011 prefix",
    "national, no country",
    "unsure script, same email",
    "sure script (Greek, Hangul)",
    "transcription",
)


class _OutOfNames(Exception):
    """Every name of a hard case's list is taken."""


class _HardCases:
    """Adds the hard cases to a world: people, their Connections rows and their cards, each
    person with its kind and the group of people it must be told apart from."""

    def __init__(self, world: _World, rng: random.Random) -> None:
        self.world, self.rng = world, rng
        self.rows: list[dict] = []
        self.cards: list[dict] = []
        self.entities_rows: list[str] = []
        self.entities_cards: list[str] = []
        self.cases: dict[str, tuple[str, str]] = {}
        self.drawn: set = set()
        self.serial = 0

    def person(self, kind: str, group: str, first: str, last: str) -> str:
        entity = f"h{self.serial:05d}"
        self.serial += 1
        self.cases[entity] = (kind, group)
        return entity

    def url(self, first: str, last: str) -> str:
        rng = self.rng
        return self.world.unique(
            lambda: (
                f"https://www.linkedin.com/in/{_make_slug(first)}-{_make_slug(last)}-"
                f"{rng.randrange(16**6):06x}"
            )
        )

    def email(self, first: str, last: str, domain: str | None = None) -> str:
        rng = self.rng
        base = f"{_make_slug(first)}.{_make_slug(last)}"
        return self.world.unique(
            lambda: f"{base}{rng.randrange(10, 99)}@{domain or rng.choice(FREE_MAIL)}"
        )

    def mobile(self) -> str:
        return self.world.unique(lambda: _draw_mobile(self.rng))

    def row(self, entity: str, first: str, last: str, **fields) -> None:
        name = f"{first} {last}"
        self.rows.append(
            _make_record(
                source="linkedin",
                file="Connections.csv",
                name=name,
                first_name=first,
                last_name=last,
                position=self.rng.choice(POSITIONS),
                connected_on=date(2012, 1, 1) + timedelta(days=self.rng.randrange(365 * 14)),
                **fields,
            )
        )
        self.entities_rows.append(entity)

    def card(self, entity: str, name: str, first: str | None, last: str | None, **fields) -> None:
        self.cards.append(
            _make_record(
                source="vcard",
                file="contacts.vcf",
                name=name,
                first_name=first,
                last_name=last,
                **fields,
            )
        )
        self.entities_cards.append(entity)

    def draw(self, choices: tuple) -> tuple:
        """An entry of ``choices`` not drawn before: two cases of one name would be
        namesakes nobody could tell apart, so when all are taken the case is left out."""
        fresh = [c for c in choices if c not in self.drawn]
        if not fresh:
            raise _OutOfNames
        choice = self.rng.choice(fresh)
        self.drawn.add(choice)
        return choice

    def company(self) -> tuple[str, str]:
        name, _, domain = EMPLOYERS[self.world.employer()]
        return name, domain

    def birthday(self, year: int | None = None) -> str:
        rng = self.rng
        year = year or rng.randrange(1950, 2000)
        return date(year, rng.randrange(1, 13), rng.randrange(1, 29)).isoformat()

    # ------------------------------------------------------------ the kinds

    def add_generations(self, group: str) -> None:
        """Father and son of one name at one address, each with his own mobile and a
        birthday decades apart; the son always writes "Jr.", the father sometimes "Sr."."""
        rng = self.rng
        first, last = rng.choice(MALE), _draw_family_name(rng)
        father = self.person("generational suffix", group, first, last)
        son = self.person("generational suffix", group, first, last)
        city, country = CITIES[rng.randrange(len(CITIES))]
        line, post = self.world.draw_home(rng.randrange(len(CITIES)))
        home = {"city": city, "country": country, "address": line, "postcode": post}
        landline = self.world.unique(lambda: _draw_landline(rng))
        born = rng.randrange(1940, 1965)
        son_company, son_domain = self.company()
        son_mobile, father_mobile = self.mobile(), self.mobile()
        son_birthday = self.birthday(born + rng.randrange(24, 36))
        self.row(son, first, f"{last} Jr.", linkedin_url=self.url(first, last), company=son_company)
        self.card(
            son,
            f"{first} {last} Jr.",
            first,
            last,
            company=son_company,
            phones=[son_mobile, landline],
            birthday=son_birthday,
            **home,
        )
        if rng.random() < 0.5:
            self.card(
                son,
                f"{first} {last} Jr.",
                None,
                None,
                company=son_company,
                phones=[son_mobile],
                emails=[self.email(first, last, son_domain)],
            )
        father_name = f"{first} {last} Sr." if rng.random() < 0.5 else f"{first} {last}"
        self.card(
            father,
            father_name,
            first,
            last,
            phones=[father_mobile, landline],
            birthday=self.birthday(born),
            **home,
        )
        if rng.random() < 0.6:
            self.card(father, f"{first} {last}", first, last, phones=[father_mobile], **home)

    def add_other_given(self, group: str) -> None:
        """Two people whose given names are two names that look alike, at one company,
        with their own work emails: each has a Connections row and a card."""
        rng = self.rng
        him, her = self.draw(OTHER_GIVEN)
        last = _draw_family_name(rng)
        company, domain = self.company()
        city, country = CITIES[rng.randrange(len(CITIES))]
        for first in (him, her):
            entity = self.person("other given names", group, first, last)
            work = self.email(first, last, domain)
            self.row(
                entity,
                first,
                last,
                linkedin_url=self.url(first, last),
                company=company,
                emails=[work] if rng.random() < 0.3 else [],
            )
            self.card(
                entity,
                f"{first} {last}",
                first,
                last,
                company=company,
                emails=[work],
                phones=[self.mobile()],
                city=city,
                country=country,
            )

    def add_spelling(self, group: str) -> None:
        """One person written two ways (LinkedIn one, the card the other) at one company;
        and someone of the other spelling and the same family name elsewhere."""
        rng = self.rng
        linked, carded = self.draw(SPELLINGS)
        last = _draw_family_name(rng)
        company, domain = self.company()
        entity = self.person("spelling variant", group, linked, last)
        self.row(entity, linked, last, linkedin_url=self.url(linked, last), company=company)
        self.card(entity, f"{carded} {last}", carded, last, company=company, phones=[self.mobile()])
        other = self.person("spelling variant", group, carded, last)
        elsewhere, _ = self.company()
        if elsewhere != company:
            self.card(
                other, f"{carded} {last}", carded, last, company=elsewhere, phones=[self.mobile()]
            )

    def add_nickname(self, group: str) -> None:
        """LinkedIn with the formal name, the card with a nickname, at one company."""
        rng = self.rng
        formal, nick = self.draw(MORE_NICKNAMES)
        last = _draw_family_name(rng)
        company, domain = self.company()
        entity = self.person("nickname", group, formal, last)
        self.row(entity, formal, last, linkedin_url=self.url(formal, last), company=company)
        self.card(
            entity,
            f"{nick} {last}",
            nick,
            last,
            company=company,
            emails=[self.email(nick, last, domain)],
            phones=[self.mobile()],
        )

    def national_digits(self) -> dict:
        rng = self.rng
        return {
            "a4": rng.randrange(3000, 8999),
            "b4": rng.randrange(1000, 9999),
            "a3": rng.randrange(100, 999),
            "b3": rng.randrange(100, 999),
            "a2": f"{rng.randrange(10, 99)} {rng.randrange(10, 99)}",
            "b2": f"{rng.randrange(10, 99)} {rng.randrange(10, 99)}",
        }

    def add_national_phone(self, group: str) -> None:
        """Two cards of one person with nothing in common but a number: national on the card
        whose address names the country, international (+, 00 or 011) on the other."""
        rng = self.rng
        first, last = rng.choice(MALE + FEMALE), _draw_family_name(rng)
        country, national, international = rng.choice(NATIONAL_PHONES)
        digits = self.national_digits()
        while national.format(**digits) in self.world.used:
            digits = self.national_digits()
        self.world.used.add(national.format(**digits))
        national, international = national.format(**digits), international.format(**digits)
        kind = "national phone"
        roll = rng.random()
        if roll < 0.25:
            international, kind = "00" + international[1:], "00/011 prefix"
        elif roll < 0.5:
            international, kind = "011 " + international[1:], "00/011 prefix"
        entity = self.person(kind, group, first, last)
        city = {"United Kingdom": "London", "Australia": "Sydney", "France": "Lyon"}.get(
            country, "Berlin"
        )
        self.card(
            entity, f"{first} {last}", first, last, phones=[national], city=city, country=country
        )
        self.card(entity, f"{first} {last}", None, None, phones=[international])

    def add_national_twin(self, group: str) -> None:
        """A national number with no country anywhere: its exact twin is the same person; a
        card of someone else whose address says the Netherlands, with the same digits, is
        another number (+31) and another person."""
        rng = self.rng
        digits = self.world.unique(
            lambda: "06 " + " ".join(str(rng.randrange(10, 99)) for _ in range(4))
        )
        first, last = rng.choice(FEMALE), _draw_family_name(rng)
        entity = self.person("national, no country", group, first, last)
        self.card(entity, f"{first} {last}", first, last, phones=[digits])
        self.card(entity, f"{first[0]}. {last}", None, None, phones=[digits.replace(" ", "")])
        first2, last2 = rng.choice(MALE), _draw_family_name(rng)
        dutch = self.person("national, no country", group, first2, last2)
        self.card(
            dutch,
            f"{first2} {last2}",
            first2,
            last2,
            phones=[digits],
            city="Amsterdam",
            country="Netherlands",
        )
        self.card(
            dutch, f"{first2} {last2}", None, None, phones=["+31 " + digits.replace(" ", "")[1:]]
        )

    def add_unsure_script(self, group: str) -> None:
        """A card in kanji, Hebrew or Arabic with exactly the email the Connections row shows:
        one person. A colleague at the same company, another person."""
        rng = self.rng
        given, family, written, first, last = self.draw(UNSURE_SCRIPT)
        company, domain = self.company()
        email = self.email(first, last)
        entity = self.person("unsure script, same email", group, first, last)
        self.row(
            entity, first, last, linkedin_url=self.url(first, last), company=company, emails=[email]
        )
        self.card(
            entity,
            written,
            given,
            family,
            emails=[email],
            phones=[self.mobile()],
            company=company if rng.random() < 0.5 else None,
        )
        colleague_first, colleague_last = rng.choice(MALE + FEMALE), _draw_family_name(rng)
        colleague = self.person("unsure script, same email", group, colleague_first, colleague_last)
        self.row(
            colleague,
            colleague_first,
            colleague_last,
            linkedin_url=self.url(colleague_first, colleague_last),
            company=company,
        )

    def add_sure_script(self, group: str) -> None:
        """A card in Greek or Hangul and the Connections row in Latin letters, at one company:
        one person."""
        given, family, written, first, last = self.draw(SURE_SCRIPT)
        company, domain = self.company()
        entity = self.person("sure script (Greek, Hangul)", group, first, last)
        self.row(entity, first, last, linkedin_url=self.url(first, last), company=company)
        self.card(
            entity,
            written,
            given,
            family,
            company=company,
            phones=[self.mobile()],
            emails=[self.email(first, last, domain)],
        )

    def add_transcribed(self, group: str) -> None:
        """Both parts of a name transcribed on LinkedIn (Mueller) and written with the letter
        on the card (Müller), at one company: one person. The same transcribed name at
        another company in another city, with nothing in common: another."""
        rng = self.rng
        first, last, first_t, last_t = self.draw(TRANSCRIBED)
        company, domain = self.company()
        entity = self.person("transcription", group, first, last)
        self.row(entity, first_t, last_t, linkedin_url=self.url(first_t, last_t), company=company)
        self.card(
            entity,
            f"{first} {last}",
            first,
            last,
            company=company,
            phones=[self.mobile()],
            city="Berlin",
            country="Germany",
        )
        namesake = self.person("transcription", group, first, last)
        abroad = rng.choice([c for c in CITIES if c[1] != "Germany"])
        elsewhere, _ = self.company()
        if elsewhere != company:
            self.card(
                namesake,
                f"{first_t} {last_t}",
                first_t,
                last_t,
                company=elsewhere,
                phones=[self.mobile()],
                city=abroad[0],
                country=abroad[1],
            )

    def add(self, groups: int) -> None:
        makers = (
            self.add_generations,
            self.add_other_given,
            self.add_spelling,
            self.add_nickname,
            self.add_national_phone,
            self.add_national_twin,
            self.add_unsure_script,
            self.add_sure_script,
            self.add_transcribed,
        )
        for number in range(groups):
            try:
                makers[number % len(makers)](f"g{number:04d}")
            except _OutOfNames:
                continue


def build_evalset_cases(
    connections: int = 1500, cards: int = 1500, seed: int = DEFAULT_SEED, hard: int | None = None
) -> tuple[list[dict], list[str], dict[str, tuple[str, str]]]:
    """``build_evalset`` plus the hard cases (``hard`` groups, by default one per 15
    connections): (records, entity of each record, {entity: (kind, group)} of the hard
    cases' people). Rows of the hard cases come after the others; their cards are
    shuffled in among the others' cards."""
    records, entities = _build_everyday(connections, cards, seed)
    cases = _HardCases(
        _World(random.Random(f"{seed}/hard"), random.Random(f"{seed}/hard-homes")),
        random.Random(f"{seed}/hard-cases"),
    )
    cases.world.used = {e for r in records for e in [*r["emails"], *r["phones"]]}
    cases.world.used |= {r["linkedin_url"] for r in records if r["linkedin_url"]}
    cases.add(connections // 15 if hard is None else hard)
    rows = [(r, e) for r, e in zip(records, entities, strict=True) if r["source"] == "linkedin"]
    rows += list(zip(cases.rows, cases.entities_rows, strict=True))
    book = [(r, e) for r, e in zip(records, entities, strict=True) if r["source"] == "vcard"]
    for card in zip(cases.cards, cases.entities_cards, strict=True):
        book.insert(cases.rng.randrange(len(book) + 1), card)
    for number, (r, _) in enumerate(rows, start=1):
        r["record"] = number
    for number, (r, _) in enumerate(book, start=1):
        r["record"] = number
    return [r for r, _ in rows + book], [e for _, e in rows + book], cases.cases

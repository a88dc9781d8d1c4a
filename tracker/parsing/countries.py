"""A small table of countries: ISO 3166-1 alpha-2 code, the adjective used for addressees, names."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str
    adjective: str  # as used in "<adjective> authorities"
    names: tuple[str, ...]  # the first is the usual English short name
    adjectives: tuple[str, ...] = ()  # other adjectives printed in texts


# name(s) | code | adjective | other adjectives
_TABLE = """
Afghanistan|AF|Afghan|
Algeria|DZ|Algerian|
Azerbaijan|AZ|Azerbaijani|Azeri
Bahrain|BH|Bahraini|
Bangladesh|BD|Bangladeshi|
Belarus|BY|Belarusian|Belarussian
Bolivia;Plurinational State of Bolivia;Bolivia (Plurinational State of)|BO|Bolivian|
Brazil|BR|Brazilian|
Burundi|BI|Burundian|
Burkina Faso|BF|Burkinabe|
Cambodia;Kingdom of Cambodia|KH|Cambodian|
Cameroon|CM|Cameroonian|
Chad|TD|Chadian|
China;People's Republic of China;PRC|CN|Chinese|
Colombia|CO|Colombian|
Cuba|CU|Cuban|
Democratic Republic of the Congo;DRC;DR Congo|CD|Congolese|
Egypt|EG|Egyptian|
El Salvador|SV|Salvadoran|
Eritrea|ER|Eritrean|
Ethiopia|ET|Ethiopian|
Georgia|GE|Georgian|
Guatemala|GT|Guatemalan|
Haiti|HT|Haitian|
Honduras|HN|Honduran|
Hong Kong;Hong Kong SAR;HKSAR|HK|Hong Kong|
Hungary|HU|Hungarian|
India|IN|Indian|
Indonesia|ID|Indonesian|
Iran;Islamic Republic of Iran;Iran (Islamic Republic of)|IR|Iranian|
Iraq|IQ|Iraqi|
Israel|IL|Israeli|
Kazakhstan|KZ|Kazakh|
Kenya|KE|Kenyan|
Kyrgyzstan|KG|Kyrgyz|
Laos;Lao People's Democratic Republic|LA|Lao|Laotian
Lebanon|LB|Lebanese|
Libya|LY|Libyan|
Malaysia|MY|Malaysian|
Mali|ML|Malian|
Mexico|MX|Mexican|
Morocco|MA|Moroccan|
Myanmar;Burma|MM|Myanmar|Burmese
Nicaragua|NI|Nicaraguan|
Nigeria|NG|Nigerian|
North Korea;Democratic People's Republic of Korea;DPRK|KP|North Korean|
Pakistan|PK|Pakistani|
Palestine;State of Palestine|PS|Palestinian|
Peru|PE|Peruvian|
Philippines|PH|Philippine|Filipino
Poland|PL|Polish|
Qatar|QA|Qatari|
Russia;Russian Federation|RU|Russian|
Rwanda|RW|Rwandan|
Saudi Arabia|SA|Saudi|
Serbia|RS|Serbian|
Somalia|SO|Somali|
South Sudan|SS|South Sudanese|
Sri Lanka|LK|Sri Lankan|
Sudan|SD|Sudanese|
Syria;Syrian Arab Republic|SY|Syrian|
Tajikistan|TJ|Tajik|
Tanzania;United Republic of Tanzania|TZ|Tanzanian|
Thailand|TH|Thai|
Tunisia|TN|Tunisian|
Turkey;Türkiye|TR|Turkish|
Turkmenistan|TM|Turkmen|
Uganda|UG|Ugandan|
Ukraine|UA|Ukrainian|
United Arab Emirates;UAE|AE|Emirati|
Uzbekistan|UZ|Uzbek|
Venezuela;Bolivarian Republic of Venezuela;Venezuela (Bolivarian Republic of)|VE|Venezuelan|
Viet Nam;Vietnam|VN|Vietnamese|
Yemen|YE|Yemeni|
Zimbabwe|ZW|Zimbabwean|
Germany|DE|German|
France|FR|French|
United Kingdom;United Kingdom of Great Britain and Northern Ireland;UK|GB|British|
United States;United States of America;USA|US|American|
Japan|JP|Japanese|
Canada|CA|Canadian|
Australia|AU|Australian|
Sierra Leone|SL|Sierra Leonean|
Denmark|DK|Danish|
Norway|NO|Norwegian|
Sweden|SE|Swedish|
Netherlands;Kingdom of the Netherlands;Netherlands (Kingdom of the)|NL|Dutch|
Spain|ES|Spanish|
Italy|IT|Italian|
Switzerland|CH|Swiss|
Ireland|IE|Irish|
Belgium|BE|Belgian|
Austria|AT|Austrian|
Portugal|PT|Portuguese|
New Zealand|NZ|New Zealand|
Chile|CL|Chilean|
Argentina|AR|Argentine|Argentinian
Uruguay|UY|Uruguayan|
South Africa|ZA|South African|
Botswana|BW|Botswanan|
Ghana|GH|Ghanaian|
Senegal|SN|Senegalese|
Timor-Leste;East Timor|TL|Timorese|
Republic of Korea;South Korea|KR|South Korean|
Singapore|SG|Singaporean|
Nepal|NP|Nepali|Nepalese
Maldives|MV|Maldivian|
Jordan|JO|Jordanian|
Ecuador|EC|Ecuadorian|
Panama|PA|Panamanian|
Albania|AL|Albanian|
Andorra|AD|Andorran|
Angola|AO|Angolan|
Antigua and Barbuda|AG|Antiguan|
Armenia|AM|Armenian|
Bahamas|BS|Bahamian|
Barbados|BB|Barbadian|
Belize|BZ|Belizean|
Benin|BJ|Beninese|
Bhutan|BT|Bhutanese|
Bosnia and Herzegovina|BA|Bosnian|
Brunei Darussalam;Brunei|BN|Bruneian|
Bulgaria|BG|Bulgarian|
Cabo Verde;Cape Verde|CV|Cabo Verdean|Cape Verdean
Central African Republic|CF|Central African|
Comoros|KM|Comorian|
Congo;Republic of the Congo|CG|Congolese (Brazzaville)|
Costa Rica|CR|Costa Rican|
Côte d'Ivoire;Cote d'Ivoire|CI|Ivorian|
Croatia|HR|Croatian|
Cyprus|CY|Cypriot|
Czechia;Czech Republic|CZ|Czech|
Djibouti|DJ|Djiboutian|
Dominica|DM|Dominican (Dominica)|
Dominican Republic|DO|Dominican|
Equatorial Guinea|GQ|Equatorial Guinean|
Estonia|EE|Estonian|
Eswatini;Swaziland|SZ|Eswatini|Swazi
Fiji|FJ|Fijian|
Finland|FI|Finnish|
Gabon|GA|Gabonese|
Gambia;the Gambia|GM|Gambian|
Greece|GR|Greek|
Grenada|GD|Grenadian|
Guinea|GN|Guinean|
Guinea-Bissau|GW|Bissau-Guinean|
Guyana|GY|Guyanese|
Iceland|IS|Icelandic|
Jamaica|JM|Jamaican|
Kiribati|KI|I-Kiribati|
Kuwait|KW|Kuwaiti|
Latvia|LV|Latvian|
Lesotho|LS|Basotho|
Liberia|LR|Liberian|
Liechtenstein|LI|Liechtenstein|
Lithuania|LT|Lithuanian|
Luxembourg|LU|Luxembourgish|
Madagascar|MG|Malagasy|
Malawi|MW|Malawian|
Malta|MT|Maltese|
Marshall Islands|MH|Marshallese|
Mauritania|MR|Mauritanian|
Mauritius|MU|Mauritian|
Micronesia;Micronesia (Federated States of)|FM|Micronesian|
Monaco|MC|Monegasque|
Mongolia|MN|Mongolian|
Montenegro|ME|Montenegrin|
Mozambique|MZ|Mozambican|
Namibia|NA|Namibian|
Nauru|NR|Nauruan|
Niger|NE|Nigerien|
North Macedonia|MK|North Macedonian|Macedonian
Oman|OM|Omani|
Palau|PW|Palauan|
Papua New Guinea|PG|Papua New Guinean|
Paraguay|PY|Paraguayan|
Republic of Moldova;Moldova|MD|Moldovan|
Romania|RO|Romanian|
Saint Kitts and Nevis|KN|Kittitian|
Saint Lucia|LC|Saint Lucian|
Saint Vincent and the Grenadines|VC|Vincentian|
Samoa|WS|Samoan|
San Marino|SM|Sammarinese|
Sao Tome and Principe|ST|Santomean|
Seychelles|SC|Seychellois|
Slovakia|SK|Slovak|
Slovenia|SI|Slovenian|
Solomon Islands|SB|Solomon Islander|
Suriname|SR|Surinamese|
Togo|TG|Togolese|
Tonga|TO|Tongan|
Trinidad and Tobago|TT|Trinidadian|
Tuvalu|TV|Tuvaluan|
Vanuatu|VU|Vanuatuan|
Zambia|ZM|Zambian|
Holy See|VA|Holy See|
"""


def _load() -> tuple[Country, ...]:
    out = []
    for row in _TABLE.strip().splitlines():
        names, code, adjective, others = row.split("|")
        out.append(
            Country(
                code,
                adjective,
                tuple(names.split(";")),
                tuple(o for o in others.split(";") if o),
            )
        )
    return tuple(out)


COUNTRIES = _load()
BY_CODE = {c.code: c for c in COUNTRIES}

_NAME_TO_COUNTRY: dict[str, Country] = {}
_ADJ_TO_COUNTRY: dict[str, Country] = {}
for _c in COUNTRIES:
    for _n in _c.names:
        _NAME_TO_COUNTRY[_n.lower()] = _c
    for _a in (_c.adjective, *_c.adjectives):
        _ADJ_TO_COUNTRY[_a.lower()] = _c


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Longest first so that "South Sudan" wins over "Sudan".
_ALL_NAMES = [n for c in COUNTRIES for n in c.names]
_ALL_ADJS = [a for c in COUNTRIES for a in (c.adjective, *c.adjectives)]
COUNTRY_NAME_PATTERN = _alternation(_ALL_NAMES)
COUNTRY_ADJ_PATTERN = _alternation(_ALL_ADJS)
_NAME_RE = re.compile(rf"(?<![\w-])(?:the\s+)?(?=[A-Z])({COUNTRY_NAME_PATTERN})(?![\w-])")


def country_by_name(name: str) -> Country | None:
    return _NAME_TO_COUNTRY.get(name.lower())


def country_by_adjective(adj: str) -> Country | None:
    return _ADJ_TO_COUNTRY.get(adj.lower())


def countries_in(text: str) -> list[Country]:
    """Country names mentioned in text, in order, repeated as often as they occur."""
    out = []
    for m in _NAME_RE.finditer(text):
        c = country_by_name(m.group(1))
        if c is not None:
            out.append(c)
    return out


def is_country_word(text: str) -> bool:
    low = text.lower().removesuffix("'s")
    return low in _NAME_TO_COUNTRY or low in _ADJ_TO_COUNTRY

"""A curated Swedish + English thesaurus of the needs visitors bring to a library desk.

Each :class:`Concept` is one need ("somewhere to sleep tonight", "debts", …) with

* ``terms_sv`` / ``terms_en``: everyday words, slang, common misspellings and short phrases
  staff type while a visitor is talking. Write them naturally (å, ä, ö, hyphens); they are
  folded (see :func:`db.textmatch.fold`) before use. A term that starts with ``?`` is
  *query-only*: it tells the search which need the visitor has, but it is not looked for in
  the services' texts (``hemlös`` describes who a service is for, not that it offers a bed;
  ``män`` folds to ``man``, the Swedish pronoun).
* ``taxonomy``: the English term names (or codes) that HSDS / Open Eligibility / AIRS-style
  taxonomies commonly use for the need, so that a service tagged "Emergency Shelter" matches
  the concept even when its description says nothing the visitor said.
* ``related``: concepts that often answer the same need (shelter → social services'
  out-of-hours emergency team). The search gives them a weaker weight.

The thesaurus was written from the domain (Swedish library social work, municipal social
services, regional healthcare, civil-society help) and is deliberately not tuned to any one
directory. Time words ("inatt", "tonight", "kl 23") are *not* needs: they live in
:data:`TIME_WORDS` and set the moment the search asks "open at".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Concept:
    key: str
    label_sv: str
    label_en: str
    terms_sv: tuple[str, ...]
    terms_en: tuple[str, ...]
    taxonomy: tuple[str, ...]
    related: tuple[str, ...] = ()

    def label(self, lang: str = "sv") -> str:
        return self.label_sv if lang.startswith("sv") else self.label_en

    @property
    def terms(self) -> tuple[str, ...]:
        return self.terms_sv + self.terms_en


def _split(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip())


def _c(key: str, label_sv: str, label_en: str, *, sv: str, en: str, tax: str,
       related: str = "") -> Concept:
    return Concept(key, label_sv, label_en, _split(sv), _split(en), _split(tax),
                   _split(related))


CONCEPTS: tuple[Concept, ...] = (
    _c("shelter", "Sovplats i natt", "Somewhere to sleep tonight",
       sv="härbärge, natthärbärge, akutboende, akut boende, nödboende, jourboende, "
          "akutplats, sova, sover, sovställe, crasha, sovplats, sängplats, säng, sovsal, "
          "övernattning, övernatta, tak över huvudet, någonstans att sova, ställe att sova, "
          "var kan jag sova, sova ute, sover ute, sovit ute, uteliggare, natthärbärget, "
          "härbärgesplats, ?boende, ?bostadslös, ?hemlös, ?hemlöshet, ?hemlösa, "
          "?utan bostad, ?utan boende",
       en="shelter, night shelter, emergency shelter, homeless shelter, overnight shelter, "
          "somewhere to sleep, place to sleep, where to sleep, sleep, bed, bed for the night, "
          "sleeping rough, rough sleeper, overnight stay, hostel, crash, place to crash, "
          "?homeless, ?homelessness, ?roofless",
       tax="Emergency Shelter, Homeless Shelter, Shelter, Night Shelter, Overnight Shelter, "
           "Temporary Shelter, Emergency Housing, Homeless Services, emergency-shelter",
       related="social_services, housing, warming_room"),
    _c("housing", "Bostad", "Housing",
       sv="bostad, bostäder, ?boende, lägenhet, hyra, hyresrätt, hyreskontrakt, "
          "andrahandskontrakt, förstahandskontrakt, bostadskö, vräkning, vräkt, vräka, "
          "avhysning, hyresskuld, stödboende, boendestöd, träningslägenhet, bostad först, "
          "eget boende, hyresvärd, hyresgästföreningen, hemlöshet",
       en="housing, apartment, flat, ?rent, eviction, evicted, tenancy, lease, housing first, "
          "supported housing, landlord, place to live",
       tax="Housing, Housing Assistance, Transitional Housing, Supportive Housing, "
           "Rental Assistance, Eviction Prevention, Housing Search, Housing Counseling",
       related="shelter, financial_aid"),
    _c("food", "Mat", "Food",
       sv="mat, matkasse, matkassar, matbank, matbanken, matutdelning, matpaket, "
          "matkupong, lunch, middag, frukost, kvällsmat, soppkök, sopplunch, hungrig, "
          "svälter, svält, äta, måltid, måltider, gratis mat, billig mat, livsmedel, "
          "matvaror, socialt snabbköp, fika, kvällsfika, matsal, mat för dagen, käk, käka, "
          "krubb",
       en="food, food bank, food pantry, groceries, meal, meals, lunch, dinner, breakfast, "
          "soup kitchen, hungry, starving, eat, free food, food parcel, food bag",
       tax="Food, Food Pantry, Food Bank, Meals, Soup Kitchen, Free Meals, Food Assistance, "
           "Congregate Meals, Emergency Food, Groceries, Food Distribution",
       related="warming_room"),
    _c("hygiene", "Dusch och tvätt", "Showers and laundry",
       sv="dusch, duscha, duschar, duschen, tvätta kläder, tvätta sig, tvätt, "
          "tvättmaskin, tvättstuga, toalett, toa, hygien, hygienartiklar, mensskydd, "
          "bindor, tamponger, tandborste, rakning, rakhyvel, klippa håret, frisör, "
          "smutsig, smutsiga kläder",
       en="shower, showers, wash, washing, laundry, wash clothes, toilet, restroom, "
          "bathroom, hygiene, hygiene products, toiletries, sanitary pads, period products, "
          "haircut, razor",
       tax="Hygiene, Personal Hygiene, Showers, Shower Facilities, Laundry, "
           "Laundry Facilities, Personal Care, Toilets, Hygiene Supplies",
       related="warming_room"),
    _c("clothes", "Kläder", "Clothes",
       sv="kläder, klädförråd, klädbank, klädutdelning, klädinsamling, jacka, jackor, "
          "vinterjacka, skor, kängor, vinterkläder, vinterskor, mössa, vantar, handskar, "
          "strumpor, underkläder, varma kläder, byxor, tröja, second hand, sovsäck, filt",
       en="clothes, clothing, jacket, coat, winter coat, shoes, boots, winter clothes, "
          "socks, underwear, gloves, warm clothes, sleeping bag, blanket",
       tax="Clothing, Clothing Bank, Clothes Closet, Clothing Assistance, Winter Clothing, "
           "Blankets, Clothing Distribution",
       related="hygiene"),
    _c("warming_room", "Värmestuga och dagverksamhet", "Warming room and day centre",
       sv="värmestuga, värmestugor, dagverksamhet, dagcenter, dagcentret, värme, "
          "värma sig, värmas, frysa, fryser, fryst, kallt, kyla, sitta inne, vila, "
          "öppen verksamhet, drop in, stödcenter, dagsverksamhet",
       en="warming centre, warming center, warm room, warming room, day centre, day center, "
          "drop-in, drop in centre, cold, freezing, somewhere warm, warm up, daytime shelter",
       tax="Day Center, Day Centre, Drop-In Center, Drop In, Warming Center, Day Shelter, "
           "Daytime Shelter, day-center",
       related="food, hygiene, social_contact, shelter"),
    _c("social_contact", "Gemenskap och sysselsättning", "Company and activities",
       sv="?ensam, ensamhet, ensamma, sällskap, gemenskap, mötesplats, träffpunkt, "
          "meningsfull sysselsättning, sysselsättning, aktiviteter, aktivitet, "
          "träffa folk, träffa andra, social samvaro, volontär, frivillig, isolerad, "
          "sysslolös, ingen att umgås med",
       en="lonely, loneliness, isolated, company, meeting place, social activities, "
          "activities, things to do, meaningful activity, community, make friends, "
          "befriending, volunteer, volunteering",
       tax="Social Support, Peer Support, Recreation, Social Activities, Community Center, "
           "Befriending, Meeting Place, Volunteer Opportunities, Loneliness",
       related="warming_room, counselling, elderly"),
    _c("addiction", "Beroende och missbruk", "Addiction",
       sv="missbruk, missbrukare, beroende, beroendevård, beroendemottagning, narkotika, "
          "narkotikamissbruk, narkoman, droger, drog, knark, knarkare, pundare, tjack, "
          "alkohol, alkoholist, alkoholism, alkoholproblem, sprit, supa, dricker för mycket, "
          "fylla, tablettmissbruk, läkemedelsberoende, heroin, amfetamin, kokain, cannabis, "
          "hasch, spice, opioider, subutex, metadon, laro, avgiftning, avgifta, abstinens, "
          "nykter, nykterhet, tolvsteg, tolvstegsprogram, knarka, knarkar, braj, röka på, "
          "anonyma alkoholister, "
          "anonyma narkomaner, behandlingshem, missbruksvård, ?aa, ?na",
       en="addiction, addicted, substance abuse, substance use, drugs, drug problem, "
          "narcotics, alcohol, alcoholic, alcoholism, drinking problem, drunk, detox, "
          "withdrawal, rehab, rehabilitation, recovery, twelve step, 12 step, sober, "
          "sobriety, opioids, methadone, alcoholics anonymous, narcotics anonymous",
       tax="Substance Abuse, Substance Use Treatment, Substance Abuse Treatment, Addiction, "
           "Addiction Treatment, Addiction & Recovery, Detoxification, Detox, "
           "Alcohol Treatment, Drug Treatment, Recovery Support, "
           "Medication Assisted Treatment, Substance Use",
       related="harm_reduction, mental_health, gambling"),
    _c("harm_reduction", "Sprututbyte och skademinimering", "Harm reduction",
       sv="sprututbyte, sprutbyte, sprututbytet, spruta, sprutor, rena sprutor, kanyl, "
          "kanyler, nål, nålar, naloxon, överdos, överdoser, skademinimering, injicera, "
          "injektion, hepatit, hiv, hiv-test, brukarrum, lågtröskel",
       en="needle exchange, syringe exchange, syringe services, needles, syringes, "
          "clean needles, naloxone, narcan, overdose, harm reduction, safe injection, "
          "hepatitis, hiv test",
       tax="Harm Reduction, Needle Exchange, Syringe Exchange, Syringe Services, "
           "Overdose Prevention, Naloxone Distribution, Syringe Services Program",
       related="addiction, healthcare"),
    _c("gambling", "Spelproblem", "Gambling problems",
       sv="spelberoende, spelmissbruk, spelproblem, spelskulder, spel om pengar, spelar, "
          "spelat bort, casino, kasino, betting, nätcasino, spelpaus, stödlinjen, oddset",
       en="gambling, gambling addiction, problem gambling, compulsive gambling, gambler, "
          "slot machines",
       tax="Gambling Addiction, Gambling Treatment, Problem Gambling, Gambling",
       related="addiction, debts"),
    _c("mental_health", "Psykisk ohälsa", "Mental health",
       sv="psykisk ohälsa, psykiskt sjuk, psykisk sjukdom, psykiskt dåligt, psykiatri, "
          "psykiatrin, psykiatrisk, psykolog, psykos, psykotisk, ångest, ångestattack, "
          "panikångest, panikattack, depression, deprimerad, nedstämd, mår dåligt, "
          "må dåligt, stress, stressad, utbränd, utmattning, utmattningssyndrom, bipolär, "
          "schizofreni, kbt, terapi, psyk, psyket, hör röster, trauma, ptsd, ätstörning",
       en="mental health, mental illness, mentally ill, psychiatry, psychiatrist, "
          "psychologist, anxiety, panic attack, depressed, burnout, therapy, psychosis, "
          "eating disorder, feeling low",
       tax="Mental Health Care, Mental Health, Mental Health Services, Psychiatric Care, "
           "Behavioral Health, Outpatient Mental Health, Psychiatry",
       related="mental_health_crisis, counselling, healthcare"),
    _c("mental_health_crisis", "Psykiatrisk akut och kris", "Mental health crisis",
       sv="psykakut, psykakuten, psykiatrisk akut, psykiatrisk akutmottagning, "
          "akutpsykiatri, psykiatriakut, kris, kriser, krisstöd, krissamtal, i kris, "
          "krisjour, akut psykisk ohälsa, panik",
       en="mental health crisis, psychiatric emergency, crisis, in crisis, crisis line, "
          "crisis support, breakdown, nervous breakdown",
       tax="Mental Health Crisis, Psychiatric Emergency, Crisis Intervention, "
           "Crisis Support, Crisis Hotline, Crisis Stabilization, Psychiatric Emergency "
           "Services, mental-health-crisis",
       related="suicide, mental_health, emergency"),
    _c("suicide", "Självmordstankar", "Suicidal thoughts",
       sv="självmord, självmordstankar, självmordsförsök, självmordsrisk, suicid, "
          "suicidal, suicidtankar, suicidförsök, vill inte leva, orkar inte leva, "
          "vill dö, ta livet av sig, ta livet av mig, tar livet av mig, ta mitt liv, "
          "döda mig själv, självskada, självskadebeteende, skär sig, mind, "
          "självmordslinjen",
       en="suicide, suicidal, suicidal thoughts, kill myself, want to die, end my life, "
          "self harm, self-harm, cutting myself",
       tax="Suicide Prevention, Suicide Prevention Hotline, Suicide, Self-Harm, "
           "Suicide Crisis Line",
       related="mental_health_crisis, mental_health"),
    _c("violence", "Våld i nära relation", "Violence in close relationships",
       sv="våld, våldsutsatt, utsatt för våld, misshandel, misshandlad, kvinnomisshandel, "
          "slagen, slår mig, slog mig, ?hot, hotad, hotar mig, våld i nära relation, "
          "våld i nära relationer, relationsvåld, partnervåld, kvinnojour, kvinnojouren, "
          "tjejjour, mansjour, kvinnofrid, kvinnofridslinjen, skyddat boende, "
          "kontaktförbud, stalkning, förföljd, psykiskt våld, ekonomiskt våld",
       en="violence, domestic violence, domestic abuse, abuse, abused, abusive partner, "
          "beaten, hits me, threats, threatened, stalking, stalker, women's shelter, "
          "safe house, protected housing, restraining order",
       tax="Domestic Violence, Domestic Violence Shelter, Domestic Violence Hotline, "
           "Intimate Partner Violence, Family Violence, Safe Housing, Abuse, "
           "domestic-violence",
       related="crime_victims, women, sexual_violence, honour_violence, social_services"),
    _c("honour_violence", "Hedersrelaterat våld", "Honour-related violence",
       sv="hedersvåld, hedersrelaterat våld, hedersförtryck, hedersrelaterat, heder, "
          "tvångsäktenskap, tvångsgift, barnäktenskap, bortgift, könsstympning",
       en="honour violence, honor violence, honour based violence, honor based violence, "
          "forced marriage, child marriage, fgm, female genital mutilation",
       tax="Honor-Based Violence, Honour-Based Violence, Forced Marriage, Honor Violence",
       related="violence, women, youth"),
    _c("sexual_violence", "Sexuellt våld", "Sexual violence",
       sv="våldtäkt, våldtagen, våldtog, sexuella övergrepp, sexuellt övergrepp, "
          "övergrepp, sexuellt våld, sexuellt ofredande, ofredande, antastad, sexbrott, "
          "akutmottagning för våldtagna",
       en="rape, raped, sexual assault, sexual abuse, sexual violence, molested, "
          "sexual harassment",
       tax="Sexual Assault, Sexual Assault Services, Rape Crisis, Sexual Abuse, "
           "Sexual Violence",
       related="violence, crime_victims, healthcare"),
    _c("children_at_risk", "Barn som far illa", "Children at risk",
       sv="barn som far illa, far illa, orosanmälan, orosanmäla, anmäla oro, barnmisshandel, "
          "vanvård, vanvårdad, barnskydd, omhändertagande, omhändertagen, lvu, barnahus, "
          "barnavårdsutredning",
       en="child abuse, child neglect, children at risk, child at risk, child protection, "
          "report a concern, child protective services, safeguarding",
       tax="Child Abuse, Child Protective Services, Child Protection, Child Abuse Reporting, "
           "Child Welfare",
       related="youth, family, social_services, violence"),
    _c("youth", "Barn och unga", "Children and young people",
       sv="ungdom, ungdomar, unga, ung, tonåring, tonåringar, tonår, barn, minderårig, "
          "under 18, ungdomsmottagning, umo, bris, fritidsgård, fältgrupp, fältgruppen, "
          "fältare, fältassistent, ungdomsjour, maria ungdom, elev, elever, skolkurator",
       en="youth, young people, young person, teen, teens, teenager, teenagers, kids, "
          "children, child, minor, youth centre, youth clinic, under 18",
       tax="Youth, Youth Services, Youth Development, Children, Teens, Youth Programs, "
           "Children and Youth",
       related="children_at_risk, family"),
    _c("elderly", "Äldre", "Older people",
       sv="äldre, pensionär, pensionärer, pension, äldreboende, hemtjänst, äldreomsorg, "
          "gammal, gamla, senior, seniorer, demens, äldrekontakt",
       en="elderly, older people, old age, senior, seniors, pensioner, retired, retiree, "
          "home care, dementia",
       tax="Seniors, Older Adults, Senior Services, Aging, Elder Care, Home Care",
       related="social_contact, healthcare"),
    _c("debts", "Skulder", "Debts",
       sv="skuld, skulder, skuldsatt, skuldsanering, skuldrådgivning, skuldrådgivare, "
          "budget- och skuldrådgivning, budgetrådgivning, budget, inkasso, inkassokrav, "
          "kronofogden, kronofogd, kfm, betalningsanmärkning, betalningsföreläggande, "
          "utmätning, löneutmätning, sms-lån, snabblån, kredit, krediter, ?lån, räkningar, "
          "obetalda räkningar, kan inte betala, ekonomi, privatekonomi, "
          "ekonomisk rådgivning, skuldfri",
       en="debt, debts, debt advice, debt counselling, debt counseling, collection agency, "
          "debt collector, bailiff, enforcement authority, bills, unpaid bills, loan, loans, "
          "payday loan, budget advice, credit",
       tax="Debt Counseling, Debt Management, Financial Counseling, Credit Counseling, "
           "Budgeting, Money Management, Debt Relief, Budget and Debt Counseling",
       related="financial_aid, legal"),
    _c("financial_aid", "Försörjningsstöd och pengar", "Money and financial aid",
       sv="försörjningsstöd, socialbidrag, ekonomiskt bistånd, bistånd, pengar, "
          "ingen inkomst, inga pengar, pank, stålar, ?deg, fattig, fattigdom, nödbistånd, "
          "nödprövning, akut ekonomiskt stöd, ekonomisk hjälp, bidrag, fonder, stiftelse, "
          "ansöka om pengar, kontanter",
       en="financial aid, financial assistance, money, income support, welfare, "
          "social assistance, poor, poverty, broke, cash, emergency money, grant, grants, "
          "no money",
       tax="Financial Assistance, Public Assistance, Emergency Financial Assistance, "
           "Cash Assistance, Income Support, Welfare, General Relief, Emergency Cash, "
           "financial-assistance",
       related="social_services, debts, benefits"),
    _c("benefits", "Försäkringskassan och ersättningar", "Benefits and social insurance",
       sv="försäkringskassan, ?fk, sjukpenning, sjukersättning, aktivitetsersättning, "
          "aktivitetsstöd, a-kassa, akassa, arbetslöshetsersättning, bostadsbidrag, "
          "barnbidrag, underhållsstöd, föräldrapenning, bostadstillägg, ersättning, "
          "ersättningar, csn, studiemedel, pensionsmyndigheten, sjukskriven",
       en="social insurance, sickness benefit, unemployment benefit, child benefit, "
          "housing allowance, benefits, disability benefit, student aid, sick leave",
       tax="Government Benefits, Benefits Assistance, Social Insurance, "
           "Unemployment Benefits, Disability Benefits, Benefits Counseling",
       related="financial_aid, digital"),
    _c("social_services", "Socialtjänsten", "Social services",
       sv="socialtjänsten, socialtjänst, ?soc, socialen, socialkontor, socialkontoret, "
          "socialsekreterare, socialarbetare, socialjour, socialjouren, handläggare, "
          "biståndshandläggare, mottagningsenheten, första linjen, vuxenenheten, "
          "uppsökare, uppsökande, ?kommunen",
       en="social services, social worker, social office, welfare office, social emergency, "
          "out of hours social services, caseworker, case manager, outreach",
       tax="Social Services, Case Management, Outreach, Social Work, "
           "Emergency Social Services, Crisis Intervention, case-management",
       related="financial_aid, shelter, children_at_risk"),
    _c("legal", "Juridisk rådgivning", "Legal advice",
       sv="juridik, juridisk, juridisk rådgivning, juridisk hjälp, jurist, juristjour, "
          "advokat, advokatjour, rättshjälp, rättsligt biträde, rättigheter, överklaga, "
          "överklagande, domstol, rättegång, offentlig försvarare, målsägandebiträde, "
          "tvist, stämning",
       en="legal, legal advice, legal aid, legal help, lawyer, attorney, solicitor, court, "
          "appeal, rights, law",
       tax="Legal Services, Legal Advice, Legal Aid, Legal Assistance, Legal Counseling, "
           "Advocacy, legal-advice",
       related="debts, crime_victims, asylum_migration"),
    _c("id_documents", "Legitimation och personbevis", "ID and documents",
       sv="legitimation, ?leg, id, id-kort, idkort, identitetskort, pass, personbevis, "
          "skatteverket, folkbokföring, folkbokförd, folkbokföra, personnummer, "
          "samordningsnummer, adressändring, tappat legitimationen, körkort, "
          "servicekontor, servicekontoret, statens servicecenter",
       en="id card, identity card, identification, passport, lost id, lost passport, "
          "tax agency, population register, personal identity number, coordination number, "
          "driving licence, driver's license",
       tax="Identification, ID Cards, Identification Documents, Vital Records, "
           "Personal Documents, Identification Assistance",
       related="digital, social_services, mail_address"),
    _c("healthcare", "Vård", "Healthcare",
       sv="vård, sjukvård, vårdcentral, vårdcentralen, läkare, doktor, sjuksköterska, "
          "sjuk, sjukdom, ont, smärta, feber, sår, 1177, akutmottagning, "
          "medicin, mediciner, recept, apotek, sjukhus, hälsa, hälsomottagning, "
          "hälsocentral, provtagning, vaccination, sjukvårdsrådgivning, vårdguiden",
       en="health care, healthcare, doctor, nurse, clinic, health centre, health center, "
          "sick, ?ill, illness, pain, fever, wound, medicine, medication, prescription, "
          "pharmacy, hospital, emergency room, health advice, medical, meds",
       tax="Health Care, Primary Care, Medical Care, Health Advice, Health Services, "
           "Urgent Care, Nurse Advice Line, Health Clinic, Community Clinics, "
           "Medical Services, primary-care",
       related="health_homeless, dental, mental_health"),
    _c("health_homeless", "Vård för hemlösa och papperslösa",
       "Healthcare for homeless and undocumented people",
       sv="papperslös, papperslösa, gömd, gömda, utan papper, utan tillstånd, "
          "vård för papperslösa, hemlösvård, gatumottagning, gatuvård, "
          "hälsomottagning för hemlösa, vård utan personnummer, läkare i världen, "
          "vårdbuss, mobil vård, vård utan tidsbokning",
       en="undocumented, undocumented migrants, paperless, no papers, street medicine, "
          "homeless health, free clinic, health care for the homeless, mobile clinic",
       tax="Health Care for the Homeless, Homeless Health Care, Free Clinic, "
           "Street Medicine, Mobile Health, Mobile Clinic",
       related="healthcare, shelter, asylum_migration"),
    _c("dental", "Tandvård", "Dental care",
       sv="tandläkare, tandvård, tandvärk, tandakut, tandakuten, tänder, tand, "
          "ont i tanden, ont i tänderna, tandhygienist, tandsköterska, akut tandvård, "
          "tandvårdsstöd, folktandvården, trasig tand, tandis",
       en="dentist, dental, dental care, toothache, teeth, tooth, emergency dentist",
       tax="Dental Care, Dental Services, Emergency Dental Care, Dentistry, Oral Health, "
           "dental-care",
       related="healthcare"),
    _c("eu_citizens", "EU-medborgare", "EU citizens",
       sv="eu-medborgare, eu medborgare, eu-migrant, eu-migranter, utsatta eu-medborgare, "
          "eu, rumänien, rumän, rumäner, rumänsk, rumänska, bulgarien, bulgar, bulgarer, "
          "bulgarisk, bulgariska, ?rom, romer, romsk, romska, romani, tiggare, tigger, "
          "tigga, tiggeri, polen, polsk, hemresa",
       en="eu citizen, eu citizens, eu migrant, eu migrants, vulnerable eu citizens, "
          "romania, romanian, bulgaria, bulgarian, roma, beggar, begging, poland, polish, "
          "return journey",
       tax="Migrant Support, EU Citizens, Roma, Migrant Services, Mobile EU Citizens",
       related="asylum_migration, shelter, health_homeless"),
    _c("asylum_migration", "Asyl och migration", "Asylum and migration",
       sv="asyl, asylsökande, asylsökare, uppehållstillstånd, migrationsverket, nyanländ, "
          "nyanlända, flykting, flyktingar, invandrare, migrant, migranter, utvisning, "
          "utvisad, avvisning, avslag, medborgarskap, arbetstillstånd, "
          "familjeåterförening, ensamkommande, lma-kort, statslös, migration",
       en="asylum, asylum seeker, refugee, refugees, residence permit, migration agency, "
          "newly arrived, newcomer, immigrant, immigration, deportation, citizenship, "
          "work permit, family reunification, unaccompanied minor",
       tax="Immigration, Immigration Services, Refugee Services, Asylum, Migrant Support, "
           "Immigrant Services, Newcomer Services, Citizenship",
       related="legal, interpreting, eu_citizens, health_homeless"),
    _c("work", "Arbete", "Work and jobs",
       sv="jobb, jobba, arbete, arbeta, arbetslös, arbetssökande, arbetsförmedlingen, "
          "?af, cv, personligt brev, lediga jobb, söka jobb, praktik, sommarjobb, "
          "extrajobb, arbetsträning, anställning, lön, svartjobb, arbetsmarknadsenhet, "
          "arbetsmarknad, jobbcoach, lönebidrag, nystartsjobb",
       en="job, jobs, work, employment, unemployed, job seeker, employment service, "
          "resume, job application, internship, work training, job search, salary",
       tax="Employment, Job Search, Job Training, Employment Services, Job Placement, "
           "Vocational Training, Work Training, Resume Assistance, Career Counseling",
       related="education, digital"),
    _c("digital", "Digital hjälp", "Digital help",
       sv="dator, datorer, datorhjälp, digital hjälp, digitalt, digitala, internet, wifi, "
          "e-legitimation, e-leg, bankid, mobilt bankid, e-tjänst, e-tjänster, e-post, "
          "epost, mejl, mail, logga in, lösenord, skriva ut, utskrift, skanna, kopiera, "
          "digidel, it-hjälp, surfplatta, app, appar, freja eid",
       en="computer, computers, computer help, digital help, wi-fi, email, e-mail, "
          "password, log in, print, printing, scan, e-id, electronic id, bank id, "
          "online services, smartphone, tablet",
       tax="Computer Access, Internet Access, Digital Literacy, Computer Class, "
           "Technology Assistance, Digital Inclusion, Public Computers",
       related="id_documents, benefits"),
    _c("interpreting", "Tolk och språk", "Interpreting and language",
       sv="tolk, tolka, tolkning, tolkhjälp, översättning, översätta, översättare, språk, "
          "modersmål, språkstöd, pratar inte svenska, talar inte svenska, "
          "förstår inte svenska",
       en="interpreter, interpreting, interpretation, translator, translation, translate, "
          "language, language support, doesn't speak swedish, native language",
       tax="Interpretation, Interpretation/Translation, Translation Services, "
           "Language Services, Interpreter Services, Translation",
       related="asylum_migration, education"),
    _c("crime_victims", "Brottsoffer", "Crime victims",
       sv="brottsoffer, brottsofferjour, brottsofferjouren, utsatt för brott, brott, "
          "rånad, rån, bestulen, stöld, stulen, stulet, polisanmälan, polisanmäla, "
          "anmäla brott, vittne, vittnesstöd, överfallen, hatbrott, bedrägeri, lurad, "
          "bedragen",
       en="crime victim, victim of crime, victim support, robbed, robbery, stolen, theft, "
          "report a crime, police report, witness, hate crime, fraud, scammed, assaulted",
       tax="Victim Services, Crime Victim Support, Victim Assistance, Crime Victims, "
           "Victim Advocacy, Witness Support",
       related="police, violence, legal"),
    _c("police", "Polisen", "Police",
       sv="polis, polisen, poliser, snuten, snut, aina, 114 14, 11414, polisstation, polishuset, "
          "tipsa polisen, ej akut",
       en="police, police station, cops, cop, non-emergency police, call the police",
       tax="Police, Law Enforcement, Police Services, Non-Emergency Police",
       related="crime_victims, emergency"),
    _c("emergency", "Akut fara", "Emergency",
       sv="112, sos, sos alarm, ambulans, ?akut, akut fara, livsfara, nödsituation, "
          "nödläge, brand, brinner, räddningstjänsten, medvetslös, hjärtstopp, ring 112, "
          "nödnummer",
       en="emergency, ambulance, fire, life threatening, 911, emergency number, "
          "unconscious, danger",
       tax="Emergency, Emergency Services, Emergency Medical Services, Emergency Response, "
           "Ambulance, Fire Services",
       related="police, healthcare, mental_health_crisis"),
    _c("poisoning", "Förgiftning", "Poisoning",
       sv="förgiftning, förgiftad, förgiftat, ?gift, giftinformation, "
          "giftinformationscentralen, giftig, fått i sig, tagit för mycket, "
          "svampförgiftning, kolmonoxid, ?ätit, ätit tabletter, ätit piller, giftig svamp, "
          "druckit lampolja",
       en="poisoning, poisoned, poison, poison control, poison information, swallowed, "
          "toxic, carbon monoxide",
       tax="Poison Control, Poison Information, Poison Control Center, Toxicology",
       related="emergency, healthcare"),
    _c("lgbtq", "HBTQI", "LGBTQ",
       sv="hbtq, hbtqi, hbt, rfsl, homosexuell, bög, lesbisk, bisexuell, transperson, "
          "?trans, queer, ickebinär, könsidentitet, sexuell läggning, komma ut",
       en="lgbt, lgbtq, lgbtqi, gay, lesbian, bisexual, transgender, trans person, "
          "non-binary, coming out",
       tax="LGBTQ, LGBTQ Services, LGBT Support, LGBTQ+, Sexual Orientation, "
           "Gender Identity",
       related="mental_health, youth"),
    _c("sex_work", "Sex mot ersättning", "Sex work",
       sv="prostitution, prostituerad, sexarbete, sexarbetare, sälja sex, "
          "sex mot ersättning, sex mot pengar, sugardejting, eskort, köpa sex, sexköp, "
          "mikamottagning, ?mika, ?kast",
       en="sex work, sex worker, prostitute, selling sex, escort, sugar dating, "
          "buying sex",
       tax="Sex Workers, Sex Work, Prostitution, Commercial Sexual Exploitation",
       related="trafficking, sexual_violence, healthcare"),
    _c("trafficking", "Människohandel och exploatering", "Trafficking and exploitation",
       sv="människohandel, trafficking, exploatering, utnyttjad, tvångsarbete, "
          "arbetskraftsexploatering, tvingad att arbeta, skuldslaveri, människosmuggling",
       en="human trafficking, trafficked, forced labour, forced labor, exploitation, "
          "exploited, modern slavery",
       tax="Human Trafficking, Trafficking, Anti-Trafficking, Labor Exploitation",
       related="sex_work, crime_victims, eu_citizens"),
    _c("family", "Familj och föräldrar", "Family and parents",
       sv="familj, familjen, familjer, barnfamilj, förälder, föräldrar, föräldraskap, "
          "föräldrastöd, mamma, pappa, ensamstående, ensamstående förälder, "
          "familjerådgivning, familjebehandling, skilsmässa, separation, vårdnad, "
          "umgänge, familjecentral, öppen förskola, bebis, spädbarn, förskola, anhörig, "
          "anhöriga, anhörigstöd",
       en="family, families, parent, parents, parenting, single parent, mother, father, "
          "mum, ?mom, dad, divorce, custody, family counselling, baby, childcare, relatives, "
          "carer",
       tax="Family Support, Family Counseling, Parenting Education, Parenting Support, "
           "Family Services, Caregiver Support, Child Care",
       related="youth, children_at_risk, pregnancy"),
    _c("pregnancy", "Graviditet", "Pregnancy",
       sv="gravid, graviditet, barnmorska, mödravård, mödravårdscentral, mvc, abort, "
          "preventivmedel, p-piller, graviditetstest, förlossning, barnmorskemottagning, "
          "ofrivilligt gravid",
       en="pregnant, pregnancy, midwife, maternity care, prenatal care, antenatal, "
          "abortion, contraception, birth control, pregnancy test, childbirth",
       tax="Pregnancy, Prenatal Care, Maternity Care, Family Planning, Reproductive Health, "
           "Abortion Services, Pregnancy Support",
       related="healthcare, family, women"),
    _c("women", "Kvinnor", "Women",
       sv="kvinna, kvinnor, kvinnlig, tjej, tjejer, flicka, flickor, kvinnocenter, "
          "för kvinnor, tjejgrupp",
       en="woman, women, female, girl, girls, women's centre, womens",
       tax="Women, Women's Services, Women's Health, Girls",
       related="violence, pregnancy"),
    _c("men", "Män", "Men",
       sv="?män, ?man, manlig, kille, killar, pojke, pojkar, grabb, grabbar, "
          "mansmottagning, mansgrupp, för män",
       en="?men, male, boys, guys, men's group, mens",
       tax="Men, Men's Services, Men's Health, Boys",
       related="violence"),
    _c("pets", "Husdjur", "Pets",
       sv="husdjur, hund, hundar, katt, katter, djur, hundmat, kattmat, veterinär, "
          "djurskydd, djurvård",
       en="pet, pets, ?dog, dogs, ?cat, cats, pet food, ?vet, veterinarian, animal, animals",
       tax="Pet Food, Animal Welfare, Veterinary Services, Pet Care, Pets",
       related="shelter"),
    _c("transport", "Resor och transport", "Travel and transport",
       sv="resa, resor, biljett, busskort, buss, tåg, färdtjänst, sjukresa, sjukresor, "
          "lånecykel, kollektivtrafik, reskassa, resebidrag, skjuts",
       en="transport, transportation, travel, ticket, bus, bus ticket, bus pass, train, "
          "ride, travel card, travel costs",
       tax="Transportation, Transportation Assistance, Bus Passes, Travel Assistance, "
           "Medical Transportation",
       related="eu_citizens"),
    _c("phone", "Telefon och laddning", "Phone and charging",
       sv="telefon, mobil, mobiltelefon, ladda, laddare, ladda mobilen, ladda telefonen, "
          "låna telefon, ?ringa, sim-kort, simkort, kontantkort, telefonkort",
       en="phone, mobile, mobile phone, cell phone, charge phone, charging, charger, "
          "borrow a phone, sim card, phone call, top up",
       tax="Telephone Access, Cell Phones, Phone Services, Charging Station",
       related="digital"),
    _c("mail_address", "Postadress", "Mail address",
       sv="postadress, adress, c/o, c/o-adress, ta emot post, post, brev, postlåda, "
          "poste restante, postbox, få post",
       en="mailing address, postal address, address, mail, post, letters, receive mail, "
          "mailbox, c/o address, general delivery",
       tax="Mail Services, Mailing Address, Postal Services, General Delivery, "
           "Address Services",
       related="id_documents, shelter"),
    _c("education", "Utbildning och svenska", "Education and learning Swedish",
       sv="utbildning, studier, studera, plugga, skola, sfi, svenska för invandrare, "
          "lära sig svenska, läsa och skriva, komvux, folkhögskola, läxhjälp, kurs, kurser, "
          "språkcafé, språkkafé, studievägledning, betyg, gymnasium, vuxenutbildning",
       en="education, study, studies, school, learn swedish, swedish for immigrants, "
          "literacy, reading and writing, homework help, course, courses, language cafe, "
          "adult education",
       tax="Education, Adult Education, Literacy, Language Classes, Tutoring, Homework Help, "
           "English as a Second Language",
       related="work, interpreting"),
    _c("disability", "Funktionsnedsättning", "Disability",
       sv="funktionsnedsättning, funktionshinder, funktionsvariation, handikapp, rullstol, "
          "lss, personlig assistans, personlig assistent, hörselskadad, döv, blind, "
          "synskadad, npf, adhd, autism, intellektuell funktionsnedsättning, hjälpmedel",
       en="disability, disabled, wheelchair, personal assistance, deaf, "
          "visually impaired, hearing impaired, learning disability",
       tax="Disability Services, Disability, Disability Support, Developmental Disabilities, "
           "Assistive Technology, Accessibility",
       related="benefits, healthcare"),
    _c("counselling", "Samtalsstöd", "Someone to talk to",
       sv="samtal, samtalsstöd, stödsamtal, prata med någon, någon att prata med, kurator, "
          "kuratorn, terapeut, samtalsterapi, stödlinje, stödtelefon, jourtelefon, "
          "jourhavande medmänniska, medmänniska, lyssna, behöver prata",
       en="talk to someone, someone to talk to, counselling, counseling, counsellor, "
          "counselor, therapist, helpline, support line, hotline, listening",
       tax="Counseling, Counselling, Helplines, Hotlines, Emotional Support, "
           "Individual Counseling, Support Line, Warmline, Support Groups",
       related="mental_health, mental_health_crisis, social_contact, faith"),
    _c("faith", "Kyrka och andligt stöd", "Church and spiritual support",
       sv="kyrka, kyrkan, församling, svenska kyrkan, diakoni, diakon, präst, imam, moské, "
          "samfund, andligt stöd, själavård, jourhavande präst, stadsmission, "
          "stadsmissionen, frälsningsarmén",
       en="church, parish, deacon, priest, pastor, mosque, chaplain, spiritual support, "
          "faith, prayer, salvation army, city mission",
       tax="Spiritual Support, Religious Services, Faith-Based Services, Pastoral Care, "
           "Chaplaincy",
       related="counselling, social_contact"),
    _c("bereavement", "Sorg", "Grief and bereavement",
       sv="sorg, sörjer, sörja, dödsfall, förlorat någon, någon har dött, begravning, "
          "sorgegrupp, sorgbearbetning, efterlevande",
       en="grief, bereavement, grieving, funeral, loss of a loved one, someone died, "
          "mourning",
       tax="Bereavement, Grief Counseling, Bereavement Support, Funeral Assistance",
       related="counselling, faith"),
    _c("prison_release", "Efter fängelse", "After prison",
       sv="fängelse, fängelset, frigiven, frigivning, villkorligt frigiven, kriminalvården, "
          "frivården, frivård, anstalt, häkte, avtjänat straff, lämna kriminalitet, "
          "kriminell, kriminalitet, skyddstillsyn, övervakare, ?exit, ?dom",
       en="prison, released from prison, ex-offender, probation, parole, reentry, re-entry, "
          "leaving crime, criminal record, jail",
       tax="Reentry Services, Ex-Offender Services, Probation, Prison Release, "
           "Criminal Justice, Offender Services",
       related="work, housing, addiction"),
)

CONCEPTS_BY_KEY: dict[str, Concept] = {c.key: c for c in CONCEPTS}

# Terms deliberately shared by two concepts (folded form → the concepts). Anything else that
# maps to two concepts is a mistake (tests/test_search.py checks it).
ALLOWED_SHARED_TERMS: dict[str, frozenset[str]] = {
    # "boende" is "accommodation": tonight (shelter) or for good (housing).
    "boende": frozenset({"shelter", "housing"}),
    # Homelessness is both an acute need (a bed tonight) and a housing matter.
    "hemloshet": frozenset({"shelter", "housing"}),
    # Swedish "mail" is e-mail; English "mail" is post.
    "mail": frozenset({"digital", "mail_address"}),
}

# Words that carry no need and no time: dropped from queries (only when other words remain).
STOPWORDS: frozenset[str] = frozenset((
    # Swedish (folded)
    "jag ju du han hon vi ni de dem dom man en ett och eller i pa att som for med till av om "
    "ar var vara varit vill kan ska skulle har hade behover behova soker soka hitta finns "
    "nagon nagot nagra nagonstans min mitt mina sin sitt sina hans hennes deras den det "
    "denna detta dessa sa da nar hur vad vem vilken vilka inte ej ocksa bara mycket lite "
    "fran hos mig dig sig oss er utan under efter innan vid mot "
    # English
    "a an the and or of to for in on at by with from is are was be been i me my we you he "
    "she they them their it its need needs needed want looking look find where what who "
    "how can could should would some any somewhere get got have has please this that there "
    "here"
).split())

# Time words (folded). Kinds: now, today, evening, night, tomorrow; weekday names give a day.
TIME_WORDS: dict[str, str] = {
    "nu": "now", "now": "now", "genast": "now", "direkt": "now",
    "idag": "today", "today": "today",
    "ikvall": "evening", "kvall": "evening", "kvallen": "evening", "evening": "evening",
    "inatt": "night", "natt": "night", "natten": "night", "tonight": "night",
    "night": "night", "overnight": "night",
    "imorgon": "tomorrow", "imorn": "tomorrow", "tomorrow": "tomorrow",
}
# Two-word time phrases (folded).
TIME_PHRASES: dict[tuple[str, ...], str] = {
    ("i", "natt"): "night", ("i", "kvall"): "evening", ("i", "dag"): "today",
    ("i", "morgon"): "tomorrow", ("i", "morn"): "tomorrow", ("just", "nu"): "now",
    ("right", "now"): "now", ("this", "evening"): "evening", ("at", "night"): "night",
    ("om", "natten"): "night", ("pa", "natten"): "night",
}
WEEKDAYS: dict[str, int] = {
    "mandag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lordag": 5,
    "sondag": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6, "helg": 5, "helgen": 5, "weekend": 5,
}
# Words that only introduce an explicit time ("kl 23", "klockan 9", "at 9pm").
TIME_MARKERS: frozenset[str] = frozenset({"kl", "klockan", "at"})
# A query of nothing but night words ("inatt") still says something: the visitor needs a bed.
NIGHT_IMPLIES: str = "shelter"
# Needs that a question about tonight or this evening puts first ("boende inatt").
NIGHT_CONCEPTS: frozenset[str] = frozenset({"shelter"})


def term_is_query_only(term: str) -> bool:
    return term.startswith("?")


def bare_term(term: str) -> str:
    return term[1:] if term.startswith("?") else term


def concept(key: str) -> Concept:
    return CONCEPTS_BY_KEY[key]


@cache
def folded_terms() -> dict[str, frozenset[str]]:
    """Folded term → the concepts that list it."""
    from db.textmatch import fold

    out: dict[str, set[str]] = {}
    for c in CONCEPTS:
        for term in c.terms:
            out.setdefault(fold(bare_term(term)), set()).add(c.key)
    return {t: frozenset(keys) for t, keys in out.items()}


def ambiguous_terms() -> dict[str, frozenset[str]]:
    """Folded terms that more than one concept lists."""
    return {t: keys for t, keys in folded_terms().items() if len(keys) > 1}


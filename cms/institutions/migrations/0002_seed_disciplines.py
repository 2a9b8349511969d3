"""Seed the OECD Fields of Science and Technology (FOS 2007): the six major
fields and their fields, with labels in Dutch, English, French and German."""

from django.db import migrations

# code, nl, en, fr, de
FIELDS = [
    ("1", "Natuurwetenschappen", "Natural sciences", "Sciences naturelles", "Naturwissenschaften"),
    ("1.1", "Wiskunde", "Mathematics", "Mathématiques", "Mathematik"),
    ("1.2", "Computer- en informatiewetenschappen", "Computer and information sciences", "Informatique et sciences de l'information", "Informatik und Informationswissenschaften"),
    ("1.3", "Fysica", "Physical sciences", "Sciences physiques", "Physik"),
    ("1.4", "Chemie", "Chemical sciences", "Sciences chimiques", "Chemie"),
    ("1.5", "Aardwetenschappen en milieuwetenschappen", "Earth and related environmental sciences", "Sciences de la terre et de l'environnement", "Geowissenschaften und Umweltwissenschaften"),
    ("1.6", "Biologische wetenschappen", "Biological sciences", "Sciences biologiques", "Biowissenschaften"),
    ("1.7", "Andere natuurwetenschappen", "Other natural sciences", "Autres sciences naturelles", "Andere Naturwissenschaften"),
    ("2", "Ingenieurswetenschappen en technologie", "Engineering and technology", "Sciences de l'ingénieur et technologie", "Ingenieurwissenschaften und Technik"),
    ("2.1", "Bouwkunde", "Civil engineering", "Génie civil", "Bauingenieurwesen"),
    ("2.2", "Elektrotechniek, elektronica en informatietechniek", "Electrical engineering, electronic engineering, information engineering", "Génie électrique, électronique et de l'information", "Elektrotechnik, Elektronik und Informationstechnik"),
    ("2.3", "Werktuigbouwkunde", "Mechanical engineering", "Génie mécanique", "Maschinenbau"),
    ("2.4", "Chemische technologie", "Chemical engineering", "Génie chimique", "Chemieingenieurwesen"),
    ("2.5", "Materiaalkunde", "Materials engineering", "Génie des matériaux", "Werkstofftechnik"),
    ("2.6", "Medische technologie", "Medical engineering", "Génie médical", "Medizintechnik"),
    ("2.7", "Milieutechnologie", "Environmental engineering", "Génie de l'environnement", "Umwelttechnik"),
    ("2.8", "Milieubiotechnologie", "Environmental biotechnology", "Biotechnologie environnementale", "Umweltbiotechnologie"),
    ("2.9", "Industriële biotechnologie", "Industrial biotechnology", "Biotechnologie industrielle", "Industrielle Biotechnologie"),
    ("2.10", "Nanotechnologie", "Nano-technology", "Nanotechnologie", "Nanotechnologie"),
    ("2.11", "Andere ingenieurswetenschappen en technologie", "Other engineering and technologies", "Autres sciences de l'ingénieur et technologies", "Andere Ingenieurwissenschaften und Technik"),
    ("3", "Medische en gezondheidswetenschappen", "Medical and health sciences", "Sciences médicales et de la santé", "Medizin und Gesundheitswissenschaften"),
    ("3.1", "Basisgeneeskunde", "Basic medicine", "Médecine fondamentale", "Grundlagenmedizin"),
    ("3.2", "Klinische geneeskunde", "Clinical medicine", "Médecine clinique", "Klinische Medizin"),
    ("3.3", "Gezondheidswetenschappen", "Health sciences", "Sciences de la santé", "Gesundheitswissenschaften"),
    ("3.4", "Medische biotechnologie", "Medical biotechnology", "Biotechnologie médicale", "Medizinische Biotechnologie"),
    ("3.5", "Andere medische wetenschappen", "Other medical sciences", "Autres sciences médicales", "Andere medizinische Wissenschaften"),
    ("4", "Landbouwwetenschappen", "Agricultural sciences", "Sciences agricoles", "Agrarwissenschaften"),
    ("4.1", "Landbouw, bosbouw en visserij", "Agriculture, forestry, and fisheries", "Agriculture, sylviculture et pêche", "Land- und Forstwirtschaft, Fischerei"),
    ("4.2", "Dierwetenschappen en zuivelwetenschappen", "Animal and dairy science", "Sciences animales et laitières", "Tier- und Milchwissenschaften"),
    ("4.3", "Diergeneeskunde", "Veterinary science", "Sciences vétérinaires", "Veterinärmedizin"),
    ("4.4", "Landbouwbiotechnologie", "Agricultural biotechnology", "Biotechnologie agricole", "Agrarbiotechnologie"),
    ("4.5", "Andere landbouwwetenschappen", "Other agricultural sciences", "Autres sciences agricoles", "Andere Agrarwissenschaften"),
    ("5", "Sociale wetenschappen", "Social sciences", "Sciences sociales", "Sozialwissenschaften"),
    ("5.1", "Psychologie", "Psychology", "Psychologie", "Psychologie"),
    ("5.2", "Economie en bedrijfskunde", "Economics and business", "Économie et gestion", "Wirtschaftswissenschaften"),
    ("5.3", "Onderwijswetenschappen", "Educational sciences", "Sciences de l'éducation", "Erziehungswissenschaften"),
    ("5.4", "Sociologie", "Sociology", "Sociologie", "Soziologie"),
    ("5.5", "Rechten", "Law", "Droit", "Rechtswissenschaften"),
    ("5.6", "Politieke wetenschappen", "Political science", "Sciences politiques", "Politikwissenschaft"),
    ("5.7", "Sociale en economische geografie", "Social and economic geography", "Géographie sociale et économique", "Sozial- und Wirtschaftsgeographie"),
    ("5.8", "Media en communicatie", "Media and communications", "Médias et communication", "Medien- und Kommunikationswissenschaften"),
    ("5.9", "Andere sociale wetenschappen", "Other social sciences", "Autres sciences sociales", "Andere Sozialwissenschaften"),
    ("6", "Geesteswetenschappen", "Humanities", "Sciences humaines", "Geisteswissenschaften"),
    ("6.1", "Geschiedenis en archeologie", "History and archaeology", "Histoire et archéologie", "Geschichte und Archäologie"),
    ("6.2", "Taal- en letterkunde", "Languages and literature", "Langues et littérature", "Sprach- und Literaturwissenschaften"),
    ("6.3", "Wijsbegeerte, ethiek en godsdienst", "Philosophy, ethics and religion", "Philosophie, éthique et religion", "Philosophie, Ethik und Religion"),
    ("6.4", "Kunsten", "Arts (arts, history of arts, performing arts, music)", "Arts", "Kunst"),
    ("6.5", "Andere geesteswetenschappen", "Other humanities", "Autres sciences humaines", "Andere Geisteswissenschaften"),
]


def seed(apps, schema_editor):
    Discipline = apps.get_model("institutions", "Discipline")
    by_code = {}
    for code, nl, en, fr, de in FIELDS:
        parent = by_code.get(code.split(".")[0]) if "." in code else None
        by_code[code], _ = Discipline.objects.update_or_create(
            code=code,
            defaults=dict(parent=parent, label_nl=nl, label_en=en, label_fr=fr, label_de=de),
        )


def unseed(apps, schema_editor):
    apps.get_model("institutions", "Discipline").objects.filter(
        code__in=[row[0] for row in FIELDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("institutions", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]

"""The shared list of skills members offer, as first seeded: (label, other words for it).

`skills.ensure_skill_list` adds what is missing at start-up; admins then grow the list by promoting or
merging members' free additions (« /admin/competences »). The aliases are what a member might type in the
directory's search box instead of the label."""

from __future__ import annotations

SKILL_LIST: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Comptabilité", ("compta", "comptable", "bilan", "tenue des comptes")),
    ("Gestion et trésorerie", ("tresorerie", "gestion financiere", "prévisionnel", "previsionnel")),
    ("Fiscalité", ("impots", "tva", "declaration fiscale")),
    ("Juridique et statuts", ("droit", "statuts", "juridique", "forme juridique", "sas", "sarl", "eurl")),
    ("Micro-entreprise", ("auto-entrepreneur", "auto entrepreneuse", "microentreprise", "urssaf")),
    ("Propriété intellectuelle", ("marque", "inpi", "brevet", "droit d'auteur")),
    ("Contrats et CGV", ("cgv", "conditions generales", "contrat")),
    ("Business plan", ("plan d'affaires", "bp", "etude de marche", "business model")),
    ("Recherche de financement", ("financement", "financer", "levee de fonds", "banque", "subvention")),
    ("Prêt d'honneur", ("pret d'honneur", "initiative france", "reseau entreprendre")),
    ("Microcrédit", ("microcredit", "adie")),
    ("Financement participatif", ("crowdfunding", "ulule", "kisskissbankbank")),
    ("Aides publiques", ("aides", "bpi", "france travail", "acre", "arce")),
    ("Communication", ("com", "plan de communication", "image de marque")),
    ("Réseaux sociaux", ("instagram", "facebook", "linkedin", "community management", "reseaux")),
    ("Site web", ("site internet", "wordpress", "creation de site", "web")),
    ("Référencement", ("seo", "google")),
    ("Boutique en ligne", ("e-commerce", "ecommerce", "shopify", "vente en ligne")),
    ("Graphisme", ("logo", "identite visuelle", "design graphique", "canva")),
    ("Photographie", ("photo", "photographe", "photos produits")),
    ("Vidéo", ("montage video", "video", "youtube")),
    ("Rédaction", ("redaction", "copywriting", "ecriture", "textes")),
    ("Relations presse", ("presse", "journalistes", "communique de presse")),
    ("Marketing", ("strategie marketing", "newsletter", "emailing")),
    ("Vente", ("commercial", "prospection", "clients", "developpement commercial")),
    ("Négociation", ("negocier", "negociation")),
    ("Prise de parole", ("pitch", "oral", "parler en public")),
    ("Fixer ses prix", ("prix", "tarifs", "tarification", "devis")),
    ("Export et international", ("export", "international", "douane", "anglais")),
    ("Ressources humaines", ("rh", "recrutement", "embauche", "salaries", "paie")),
    ("Management", ("equipe", "manager", "leadership")),
    ("Organisation et productivité", ("organisation", "productivite", "gestion du temps", "planning")),
    ("Outils numériques", ("numerique", "bureautique", "excel", "tableur", "logiciels")),
    ("Intelligence artificielle", ("ia", "chatgpt", "ai")),
    ("Locaux et immobilier", ("local commercial", "bail", "bureaux", "immobilier")),
    ("Artisanat", ("artisane", "cma", "metiers d'art")),
    ("Restauration et alimentation", ("restaurant", "traiteur", "food", "alimentaire", "hygiene")),
    ("Commerce de proximité", ("boutique", "magasin", "commerce")),
    ("Économie sociale et solidaire", ("ess", "association", "scop", "insertion")),
    ("Développement durable", ("rse", "ecologie", "environnement", "eco-conception")),
    ("Réseautage", ("reseau", "networking", "partenariats")),
    ("Équilibre vie pro et perso", ("equilibre", "parentalite", "charge mentale", "bien-etre")),
    ("Confiance en soi", ("legitimite", "syndrome de l'imposteur", "coaching")),
)

/// The names the sample generator gives its pupils and `--pseudonymise` draws pseudonyms
/// from: English school rolls' common forenames and surnames, with accents and apostrophes so
/// that every page shows it escapes and sorts them. Pseudonyms depend on these lists' order.
public enum Names {
    public static let forenames = [
        "Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Ivy", "Muhammad", "Freya", "Leo",
        "Lily", "Harry", "Florence", "Oscar", "Sophia", "Archie", "Willow", "Henry", "Grace", "Theodore", "Evie",
        "Jack", "Ella", "Charlie", "Aisha", "Finley", "Zara", "Alfie", "Maryam", "Tommy", "Poppy", "Yusuf", "Ruby",
        "Kai", "Nia", "Reuben", "Hana", "Mateo", "Chloe", "Kacper", "Amara", "Dylan", "Ayesha", "Ethan", "Priya",
        "Jacob", "Olivia", "Samuel", "Zainab", "Riley", "Emily", "Tobias", "Maja", "Daniel", "Fatima", "Rhys",
        "Niamh", "Lucas", "Aaliyah", "Joseph", "Sienna", "Ibrahim", "Erin", "Adam", "Layla", "Elijah", "Phoebe",
        "Jayden", "Imogen", "Ali", "Rosie", "Zoltan", "Beatrice", "Kwame", "Matilda", "Ravi", "Esme", "Owen",
    ]
    public static let surnames = [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
        "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
        "Khan", "Ahmed", "Hussain", "Singh", "Kaur", "Begum", "Ali", "Nowak", "Kowalski", "Okafor", "Mensah",
        "Adeyemi", "O'Brien", "Murphy", "Kelly", "Hughes", "Edwards", "Lewis", "Harris", "Martin", "Cooper",
        "King", "Lee", "Baker", "Turner", "Hill", "Ward", "Morris", "Moore", "Clark", "Harrison", "Scott",
        "Young", "Mitchell", "Chen", "Nguyen", "Silva", "Santos", "Popescu", "Ionescu", "Dubois", "Rossi",
        "Müller", "Ó Súilleabháin", "Owusu", "Bakr", "Yilmaz", "Novák", "Horvát", "Ferreira", "Da Costa",
    ]

    /// The words of a name, lower-cased, split at anything but letters and digits: how the
    /// privacy check and the pseudonyms compare names.
    public static func tokens(_ s: String) -> [Substring] {
        s.lowercased().split { !($0.isLetter || $0.isNumber) }
    }
}

namespace ProfileUnifier.Synthetic;

/// <summary>Names and words the generator draws from (Russian B2B flavour, Latin and Cyrillic).</summary>
internal static class Vocabulary
{
    public static readonly (string Cyrillic, string Latin)[] FirstNames =
    [
        ("Иван", "ivan"), ("Анна", "anna"), ("Сергей", "sergey"), ("Мария", "maria"), ("Алексей", "alexey"),
        ("Елена", "elena"), ("Дмитрий", "dmitry"), ("Ольга", "olga"), ("Андрей", "andrey"), ("Татьяна", "tatiana"),
        ("Михаил", "mikhail"), ("Наталья", "natalia"), ("Николай", "nikolay"), ("Ирина", "irina"), ("Павел", "pavel"),
        ("Екатерина", "ekaterina"), ("Владимир", "vladimir"), ("Светлана", "svetlana"), ("Артём", "artem"), ("Юлия", "yulia"),
        ("Максим", "maxim"), ("Ксения", "ksenia"), ("Роман", "roman"), ("Дарья", "daria"), ("Григорий", "grigory"),
    ];

    public static readonly (string Cyrillic, string Latin)[] LastNames =
    [
        ("Петров", "petrov"), ("Иванов", "ivanov"), ("Смирнов", "smirnov"), ("Кузнецов", "kuznetsov"), ("Попов", "popov"),
        ("Соколов", "sokolov"), ("Лебедев", "lebedev"), ("Козлов", "kozlov"), ("Новиков", "novikov"), ("Морозов", "morozov"),
        ("Волков", "volkov"), ("Алексеев", "alekseev"), ("Зайцев", "zaitsev"), ("Павлов", "pavlov"), ("Семёнов", "semenov"),
        ("Голубев", "golubev"), ("Виноградов", "vinogradov"), ("Богданов", "bogdanov"), ("Орлов", "orlov"), ("Макаров", "makarov"),
    ];

    public static readonly string[] CompanyStems =
    [
        "romashka", "vasilek", "sever", "volga", "ural", "baikal", "taiga", "kedr", "zvezda", "rassvet", "granit",
        "almaz", "sokol", "orbita", "vektor", "impuls", "progress", "resurs", "techno", "stroy", "agro", "logistik",
        "energo", "neft", "med", "farm", "trade", "soft", "data", "pro",
    ];

    public static readonly string[] LegalForms = ["OOO", "AO", "PAO", "ZAO"];

    public static readonly string[] Industries =
        ["retail", "manufacturing", "logistics", "it", "construction", "energy", "healthcare", "finance", "agriculture", "telecom"];

    public static readonly string[] Regions =
        ["Moscow", "Saint Petersburg", "Kazan", "Novosibirsk", "Yekaterinburg", "Nizhny Novgorod", "Samara", "Krasnodar", "Москва"];

    public static readonly string[] Titles =
        ["CEO", "CFO", "Procurement manager", "Head of IT", "Operations director", "Accountant", "Sales manager", "Engineer"];

    public static readonly string[] Roles = ["decision_maker", "influencer", "user", "finance"];

    public static readonly string[] FreeMail = ["gmail.com", "mail.ru", "yandex.ru", "bk.ru", "list.ru", "inbox.ru"];

    public static readonly string[] RoleMailboxes = ["info", "sales", "zakaz", "office"];

    public static readonly string[] Pages = ["/", "/pricing", "/catalog", "/delivery", "/contacts", "/blog/kam", "/cases", "/api"];

    public static readonly string[] Features = ["export", "reports", "orders", "invoices", "integrations", "dashboard"];

    public static readonly string[] Forms = ["demo_request", "price_request", "callback", "webinar", "expo_lead"];

    public static readonly string[] CallOutcomes = ["meeting booked", "follow-up", "no answer", "quote sent", "complaint resolved"];

    public static readonly string[] Criteria =
        ["reputation", "criticality", "willingness_to_partner"];
}

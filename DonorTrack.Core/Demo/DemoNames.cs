using System.Text;

namespace DonorTrack.Core.Demo;

/// <summary>One invented person's name as stored (any script) and the ASCII spelling used for their example email address.</summary>
public sealed record DemoPersonName(string FirstName, string LastName, string EmailLocalPart);

/// <summary>Given and family names from the communities of the Twin Cities, some in their own scripts; combined at random, they name nobody real.</summary>
public static class DemoNames
{
    // An entry is "Text" when its ASCII spelling is the text without diacritics, or "Text|ascii" for other scripts.
    private sealed record Culture(string Label, string[] GivenNames, string[] FamilyNames);

    private static readonly Culture[] Cultures =
    [
        new("Hmong",
            ["Pa", "Tou", "Mai", "Kou", "Nou", "Xee", "Chue", "Youa", "Pheng", "Ka", "Bao", "Fue", "Shoua", "Neng", "Dia"],
            ["Vang", "Xiong", "Yang", "Lee", "Thao", "Her", "Lor", "Moua", "Vue", "Khang", "Hang", "Kue", "Chang", "Lo"]),
        new("Somali",
            ["Hodan", "Faadumo", "Abdirahman", "Ifrah", "Sahra", "Abdi", "Hamdi", "Nimco", "Liban", "Ayaan", "Hibo", "Mustafe", "Deeqa", "Khadar"],
            ["Abdi", "Warsame", "Farah", "Mohamed", "Hassan", "Ali", "Jama", "Yusuf", "Osman", "Egal", "Nur", "Hirsi", "Dualeh", "Samatar"]),
        new("Vietnamese",
            ["Thị Hương", "Văn Minh", "Thu Hà", "Quốc Bảo", "Ngọc Anh", "Đức Thắng", "Thanh Tâm", "Minh Châu", "Hoàng Long", "Phương Linh", "Thị Lan", "Văn Hùng"],
            ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]),
        new("Mexican",
            ["Guadalupe", "José Luis", "María Elena", "Alejandro", "Itzel", "Juan Carlos", "Rosa", "Fernando", "Ximena", "Jesús", "Araceli", "Rubén", "Marisol", "Joaquín"],
            ["Hernández", "García", "Ramírez", "Flores", "Morales", "Sánchez", "Gutiérrez", "Chávez", "Reyes", "Ortiz", "Mendoza", "Castillo", "Vázquez", "Jiménez"]),
        new("Ojibwe",
            ["Migizi", "Nimkii", "Ziibiwan", "Makwa", "Waase", "Aandeg", "Dawn", "Marcy", "Leon", "Rita", "Dennis", "Shirley"],
            ["Kingbird", "Beaulieu", "Goodsky", "Wadena", "Bellanger", "Jourdain", "Fairbanks", "Littlewolf", "Morningstar", "Stately", "Bonga", "Northbird"]),
        new("Arabic",
            ["Layla", "Omar", "Yousef", "Rania", "Khaled", "Noor", "Samir", "Huda", "Tariq", "Mariam"],
            ["Haddad", "Khalil", "Mansour", "Saleh", "Nasser", "Darwish", "Hamdan", "Aziz", "Qasim", "Barakat"]),
        new("Arabic script",
            ["ليلى|layla", "عمر|omar", "يوسف|yousef", "رانيا|rania", "خالد|khaled", "نور|noor", "سمير|samir", "هدى|huda"],
            ["حداد|haddad", "خليل|khalil", "منصور|mansour", "صالح|saleh", "ناصر|nasser", "درويش|darwish"]),
        new("Chinese",
            ["Mei", "Wei", "Ling", "Jun", "Hui", "Kevin", "Grace", "Xiaoming"],
            ["Chen", "Wong", "Li", "Lam", "Zhang", "Liu", "Huang", "Zhou"]),
        new("Chinese characters",
            ["芳|fang", "伟|wei", "秀英|xiuying", "建华|jianhua", "丽娟|lijuan", "志强|zhiqiang", "静|jing", "明|ming"],
            ["王|wang", "李|li", "张|zhang", "陈|chen", "刘|liu", "黄|huang", "赵|zhao", "周|zhou"]),
        new("Norwegian-American",
            ["Ingrid", "Lars", "Solveig", "Erik", "Kari", "Ole", "Astrid", "Nils", "Sigrid", "Bjørn", "Marit", "Gunnar"],
            ["Halvorsen", "Olson", "Brekke", "Haugen", "Lindgren", "Larson", "Bakken", "Nygaard", "Solberg", "Thorson", "Dahl", "Sæther|saether"]),
        new("African American",
            ["Keisha", "Darnell", "Imani", "Malik", "Tamika", "Andre", "Jasmine", "Terrence", "Aaliyah", "Marcus", "Denise", "Jerome"],
            ["Washington", "Jackson", "Brooks", "Johnson", "Robinson", "Coleman", "Jefferson", "Harris", "Bell", "Gaines", "Freeman", "Banks"]),
        new("Ethiopian and Oromo",
            ["Tigist", "Abebe", "Meron", "Dawit", "Selam", "Yonas", "Chaltu", "Gemechu", "Hawi", "Lensa"],
            ["Tesfaye", "Bekele", "Girma", "Haile", "Alemu", "Gudina", "Tolosa", "Mergia"]),
    ];

    /// <summary>The cultures the names come from, for documentation and tests.</summary>
    public static IReadOnlyList<string> CultureLabels { get; } = Cultures.Select(c => c.Label).ToList();

    /// <summary>A random given and family name from one culture, with the ASCII "given.family" spelling for an email address.</summary>
    public static DemoPersonName Pick(Random random)
    {
        var culture = Cultures[random.Next(Cultures.Length)];
        var given = culture.GivenNames[random.Next(culture.GivenNames.Length)];
        var family = culture.FamilyNames[random.Next(culture.FamilyNames.Length)];
        return new DemoPersonName(Text(given), Text(family), $"{Ascii(given)}.{Ascii(family)}");
    }

    /// <summary>Every name part of every culture, as stored: the source of realistic search prefixes for benchmarks.</summary>
    public static IReadOnlyList<string> AllNameParts() =>
        Cultures.SelectMany(c => c.GivenNames.Concat(c.FamilyNames)).Select(Text).Distinct(StringComparer.Ordinal).ToList();

    private static string Text(string entry) => entry.Split('|')[0];

    private static string Ascii(string entry)
    {
        var parts = entry.Split('|');
        if (parts.Length == 2)
            return parts[1];
        var ascii = new StringBuilder();
        foreach (var c in parts[0].Replace("Đ", "D").Replace("đ", "d").Replace("ø", "o").Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetter(c))
                ascii.Append(char.ToLowerInvariant(c));
            else if (c == ' ' && ascii.Length > 0)
                ascii.Append('-');
        }
        return ascii.ToString();
    }
}

namespace Notifications.Core.Windows;

/// <summary>
/// The US state of a North American area code (NPA), for the state send-window and frequency-cap rules.
/// </summary>
/// <remarks>
/// Source: NANPA's list of geographic area codes in service (nationalnanpa.com, "NPA Database"), as of 2026.
/// The table covers every area code of the states with rules of their own out of the box (Florida,
/// Oklahoma, Maryland) and of a few large states (New York, California, Texas, Illinois, Arizona);
/// a number whose area code is not listed has no state: only the federal window applies to it. Overlays
/// added after 2026 must be added here, or their numbers in Florida, Oklahoma or Maryland get the
/// federal window (08:00–21:00) instead of 08:00–20:00.
/// </remarks>
public static class UsAreaCodes
{
    private static readonly Dictionary<string, string> StateByCode = Build(new Dictionary<string, string>
    {
        ["FL"] = "239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 850 863 904 941 954",
        ["OK"] = "405 539 572 580 918",
        ["MD"] = "227 240 301 410 443 667",
        ["NY"] = "212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934",
        ["CA"] = "209 213 279 310 323 341 350 357 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 840 858 909 916 925 949 951",
        ["TX"] = "210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 915 936 940 945 956 972 979",
        ["IL"] = "217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872",
        ["AZ"] = "480 520 602 623 928",
    });

    /// <summary>The states the table knows.</summary>
    public static IReadOnlyCollection<string> States { get; } = StateByCode.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The state of an E.164 number (<c>+1NPA...</c>) in the table, or <see langword="null"/>.</summary>
    public static string? StateOf(string e164) =>
        e164.Length == 12 && e164.StartsWith("+1", StringComparison.Ordinal) && StateByCode.TryGetValue(e164.Substring(2, 3), out var state)
            ? state
            : null;

    private static Dictionary<string, string> Build(Dictionary<string, string> codesByState)
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (state, codes) in codesByState)
        {
            foreach (var code in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                table.Add(code, state);
            }
        }

        return table;
    }
}

using Microsoft.Extensions.Options;
using Notifications.Core.Sms;

namespace Notifications.Core.Programs;

/// <summary>
/// The configured programs (<c>Sms:Program</c> as <c>default</c>, and <c>Programs:&lt;name&gt;</c>), the program
/// of each app (<c>Apps:&lt;app&gt;:Program</c>, default <c>default</c>), and each program's effective senders: its own
/// <c>Senders</c> entries, and <c>Sms:Senders</c> for the keys it does not override. Names are lower-case.
/// </summary>
public sealed class ProgramCatalog
{
    /// <summary>The program of installations that name none, and of every app that names none.</summary>
    public const string DefaultProgram = "default";

    private readonly ProgramCatalogOptions _options;
    private readonly Dictionary<string, IReadOnlyDictionary<string, SenderOptions>> _senders;
    private readonly IReadOnlyDictionary<string, SenderOptions> _installationSenders;
    private readonly Dictionary<string, IReadOnlyList<string>> _programsByNumber;

    public ProgramCatalog(IOptions<ProgramCatalogOptions> options, IOptions<SmsSendersOptions> installationSenders)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(installationSenders);
        _options = options.Value;
        _installationSenders = installationSenders.Value.Senders;
        AllPrograms = _options.Programs.Keys
            .OrderBy(p => p == DefaultProgram ? 0 : 1)
            .ThenBy(p => p, StringComparer.Ordinal)
            .ToList();
        _senders = new Dictionary<string, IReadOnlyDictionary<string, SenderOptions>>(StringComparer.Ordinal);
        var byNumber = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var program in AllPrograms)
        {
            var effective = new Dictionary<string, SenderOptions>(_installationSenders, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, sender) in _options.Programs[program].Senders)
            {
                effective[key] = sender;
            }

            _senders[program] = effective;
            foreach (var number in effective.Values.Select(s => s.From?.Trim()).OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (!byNumber.TryGetValue(number, out var list))
                {
                    byNumber[number] = list = [];
                }

                list.Add(program);
            }
        }

        _programsByNumber = byNumber.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, ProgramOptions> Programs => _options.Programs;

    /// <summary>Every program's name, <see cref="DefaultProgram"/> first, then in name order.</summary>
    public IReadOnlyList<string> AllPrograms { get; }

    /// <summary>The program an app's consent and messages belong to.</summary>
    public string ProgramOf(string app) =>
        _options.AppPrograms.TryGetValue(app, out var program) ? program : DefaultProgram;

    /// <summary>A configured program's settings; throws for a name that is not configured.</summary>
    public ProgramOptions Get(string program) =>
        _options.Programs.TryGetValue(program, out var found)
            ? found
            : throw new KeyNotFoundException($"'{program}' is not a configured program.");

    /// <summary>
    /// The senders <paramref name="program"/> sends from, keyed like <c>Sms:Senders</c>: its own entries, and the installation's
    /// for the keys it does not override. A program that is not configured sends from the installation's.
    /// </summary>
    public IReadOnlyDictionary<string, SenderOptions> SendersOf(string program) =>
        _senders.TryGetValue(program, out var senders) ? senders : _installationSenders;

    /// <summary>
    /// The programs that send from the number <paramref name="to"/> (the <c>From</c> of one of their effective senders), in
    /// <see cref="AllPrograms"/> order; null when no configured sender has that number (a Messaging Service's pool number,
    /// or a process that was given no senders).
    /// </summary>
    public IReadOnlyList<string>? ProgramsSendingFrom(string to)
    {
        ArgumentNullException.ThrowIfNull(to);
        return _programsByNumber.TryGetValue(to.Trim(), out var programs) ? programs : null;
    }

    /// <summary>
    /// The programs a message received on <paramref name="to"/> concerns: <see cref="ProgramsSendingFrom"/>, or every program
    /// when no configured sender has that number (a revocation is never lost).
    /// </summary>
    public IReadOnlyList<string> ProgramsReachedAt(string to) => ProgramsSendingFrom(to) ?? AllPrograms;
}

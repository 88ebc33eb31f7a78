using Microsoft.Extensions.Options;

namespace Notifications.Core.Programs;

/// <summary>
/// The configured programs (<c>Sms:Program</c> as <c>default</c>, and <c>Programs:&lt;name&gt;</c>) and the program
/// of each app (<c>Apps:&lt;app&gt;:Program</c>, default <c>default</c>). Names are lower-case.
/// </summary>
public sealed class ProgramCatalog(IOptions<ProgramCatalogOptions> options)
{
    /// <summary>The program of installations that name none, and of every app that names none.</summary>
    public const string DefaultProgram = "default";

    public IReadOnlyDictionary<string, ProgramOptions> Programs => options.Value.Programs;

    /// <summary>The program an app's consent and messages belong to.</summary>
    public string ProgramOf(string app) =>
        options.Value.AppPrograms.TryGetValue(app, out var program) ? program : DefaultProgram;

    /// <summary>A configured program's settings; throws for a name that is not configured.</summary>
    public ProgramOptions Get(string program) =>
        options.Value.Programs.TryGetValue(program, out var found)
            ? found
            : throw new KeyNotFoundException($"'{program}' is not a configured program.");
}

using Microsoft.Extensions.Options;
using Notifications.Core.Programs;

namespace Notifications.Core.Sms;

/// <summary>
/// Picks the sender for a destination country: the program's own sender for that country (<c>Programs:&lt;name&gt;:Senders</c>),
/// else the installation's (<c>Sms:Senders</c>).
/// </summary>
public sealed class SenderSelector(IOptions<SmsSendersOptions> options, ProgramCatalog programs)
{
    /// <summary>
    /// The country's own sender, else the default one, except where the country only accepts a
    /// registered sender: then null (the message must not be attempted by SMS).
    /// </summary>
    public SelectedSender? Select(string country) => Select(ProgramCatalog.DefaultProgram, country);

    /// <summary>
    /// The sender for <paramref name="country"/> in <paramref name="program"/>: looked up by country, then by <c>default</c>
    /// (unless the country only accepts a registered sender), in the program's senders first and then the installation's.
    /// </summary>
    public SelectedSender? Select(string program, string country)
    {
        var own = programs.Programs.TryGetValue(program, out var settings) ? settings.Senders : null;
        var shared = options.Value.Senders;
        if (own?.TryGetValue(country, out var sender) == true || shared.TryGetValue(country, out sender))
        {
            return new SelectedSender(country, sender);
        }

        if (SenderRules.RequireRegisteredSender.Contains(country))
        {
            return null;
        }

        return own?.TryGetValue(SenderRules.DefaultKey, out sender) == true || shared.TryGetValue(SenderRules.DefaultKey, out sender)
            ? new SelectedSender(SenderRules.DefaultKey, sender)
            : null;
    }
}

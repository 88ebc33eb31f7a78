using Notifications.Core.Programs;

namespace Notifications.Core.Sms;

/// <summary>
/// Picks the sender for a destination country among the program's effective senders (<see cref="ProgramCatalog.SendersOf"/>:
/// its own <c>Programs:&lt;name&gt;:Senders</c>, else the installation's <c>Sms:Senders</c>).
/// </summary>
public sealed class SenderSelector(ProgramCatalog programs)
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
        var senders = programs.SendersOf(program);
        if (senders.TryGetValue(country, out var sender))
        {
            return new SelectedSender(country, sender);
        }

        if (SenderRules.RequireRegisteredSender.Contains(country))
        {
            return null;
        }

        return senders.TryGetValue(SenderRules.DefaultKey, out sender) ? new SelectedSender(SenderRules.DefaultKey, sender) : null;
    }
}

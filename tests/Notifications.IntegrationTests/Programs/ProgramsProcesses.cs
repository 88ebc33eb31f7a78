using System.Net.Http.Headers;
using Notifications.IntegrationTests.Outages;

namespace Notifications.IntegrationTests.Programs;

/// <summary>
/// The whole service as real processes with four programs: <c>default</c> (the installation's <c>Sms:Program</c>),
/// <c>clinic</c> and <c>shop</c>, which send from the installation's number like <c>default</c>, and <c>pharmacy</c>, which
/// has a number of its own. Two apps belong to the clinic, one to the shop, one to the pharmacy.
/// </summary>
public sealed class ProgramsProcesses : ServiceProcesses
{
    /// <summary>The installation's sender (<c>TWILIO_FROM_NUMBER</c>): default, clinic and shop send from it.</summary>
    public const string SharedNumber = Notifications.Testing.ServiceEnvironment.FromNumber;

    /// <summary>The pharmacy's own sender (<c>Programs:pharmacy:Senders:default:From</c>).</summary>
    public const string PharmacyNumber = "+15005550123";

    /// <summary>A number no configured sender has (a Messaging Service's pool number, say).</summary>
    public const string UnknownNumber = "+15005550177";

    public const string DefaultBrand = "Notifications";
    public const string ClinicBrand = "Acme Clinic";
    public const string ShopBrand = "Beta Shop";
    public const string PharmacyBrand = "Gamma Pharmacy";

    public const string ClinicWebKey = "clinic-web-key-000000001";
    public const string ClinicAppKey = "clinic-app-key-000000001";
    public const string ShopKey = "shop-key-0000000000000001";
    public const string PharmacyKey = "pharmacy-key-00000000001";

    protected override IDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Programs__clinic__BrandName"] = ClinicBrand,
        ["Programs__clinic__SupportContact"] = "help@clinic.example",
        ["Programs__shop__BrandName"] = ShopBrand,
        ["Programs__shop__SupportContact"] = "help@shop.example",
        ["Programs__pharmacy__BrandName"] = PharmacyBrand,
        ["Programs__pharmacy__SupportContact"] = "help@pharmacy.example",
        ["Programs__pharmacy__Senders__default__From"] = PharmacyNumber,
        ["ApiKeys__clinicweb"] = ClinicWebKey,
        ["Apps__clinicweb__Program"] = "clinic",
        ["ApiKeys__clinicapp"] = ClinicAppKey,
        ["Apps__clinicapp__Program"] = "clinic",
        ["ApiKeys__shop"] = ShopKey,
        ["Apps__shop__Program"] = "shop",
        ["ApiKeys__pharmacy"] = PharmacyKey,
        ["Apps__pharmacy__Program"] = "pharmacy",
    };

    public HttpClient AppClient(string key)
    {
        var client = new HttpClient { BaseAddress = Api.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}

using Microsoft.EntityFrameworkCore;
using Notifications.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Notifications.IntegrationTests;

[Collection(ServicesDefinition.Name)]
public sealed class ServicesFixtureTests(ServicesFixture services)
{
    [Fact]
    public async Task Fixture_MigratesSchema_AndServesRedis()
    {
        await using var db = services.CreateDbContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains("20261127154824_Initial", await db.Database.GetAppliedMigrationsAsync());

        await using var redis = await ConnectionMultiplexer.ConnectAsync(services.CacheConnectionString);
        var key = $"fixture-test:{Guid.NewGuid():N}";
        await redis.GetDatabase().StringSetAsync(key, "ok", TimeSpan.FromMinutes(1));
        Assert.Equal("ok", (string?)await redis.GetDatabase().StringGetAsync(key));
    }
}

using Meridian.Core.Galera;
using Meridian.Core.Planning;

namespace Meridian.Core.Tests.Galera;

public sealed class PrimaryMembershipTests
{
    private static readonly GaleraMember[] Members =
    [
        new("e-db1", "e", "192.168.1.20", false, 1),
        new("e-db2", "e", "192.168.1.21", false, 1),
        new("w-db1", "w", "192.168.2.20", false, 1),
        new("x-garb1", "x", "192.168.3.20", true, 1),
    ];

    public static TheoryData<string, string, int, string[]> Cases => new()
    {
        { "every data node", "192.168.1.20:3306,192.168.1.21:3306,192.168.2.20:3306", 3, ["e-db1", "e-db2", "w-db1"] },
        { "garbd as an empty entry (Galera 26.4)", ",192.168.1.20:3306,192.168.2.20:3306", 3, ["e-db1", "w-db1", "x-garb1"] },
        { "garbd without an entry (builds that drop it)", "192.168.1.20:3306,192.168.2.20:3306", 3, ["e-db1", "w-db1", "x-garb1"] },
        { "a node alone", "192.168.2.20:3306", 1, ["w-db1"] },
        { "an address the plan does not know", "192.168.1.20:3306,10.9.9.9:3306", 2, ["e-db1", "unknown:10.9.9.9:3306"] },
        { "more members than addresses and arbitrators", "192.168.1.20:3306", 3, ["e-db1", "unknown:member-1", "x-garb1"] },
        { "spaces around entries", " 192.168.1.21:3306 , 192.168.1.20:3306", 2, ["e-db1", "e-db2"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Given_incoming_addresses_When_naming_the_members_Then_the_plan_names_come_back(string because, string incoming, int size, string[] expected)
    {
        Assert.True(expected.SequenceEqual(PrimaryMembership.FromIncomingAddresses(incoming, size, Members)),
            $"{because}: got {string.Join(", ", PrimaryMembership.FromIncomingAddresses(incoming, size, Members))}");
    }
}

using System.Globalization;
using RedStation.Data.Entities;
using RedStation.Data.Geography;
using RedStation.Data.Time;

namespace RedStation.Data.Seeding;

/// <summary>Builds the demo network's places and people, deterministically from a seed.</summary>
internal sealed class DemoNetworkBuilder(int seed, CityClock clock, CityBoundaries boundaries)
{
    /// <summary>How far stations scatter around their district's seat (one standard deviation, in degrees: about 3.5 km).</summary>
    private const double Scatter = 0.035;

    private readonly Random _random = new(seed);

    public DemoNetwork BuildNetwork()
    {
        var districts = new List<District>();
        var stations = new List<Station>();
        var stationDistrict = new Dictionary<int, int>();
        var communityId = 0;
        var stationId = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);

        var redKinds = BuildRedStationKinds();
        var openSlots = ChooseOpenStations();
        var redIndex = 0;

        for (var d = 0; d < DemoCatalog.Districts.Length; d++)
        {
            var seedDistrict = DemoCatalog.Districts[d];
            var district = new District { Id = d + 1, Code = seedDistrict.Code, Name = seedDistrict.Name, NameEn = seedDistrict.NameEn, SortOrder = d };
            districts.Add(district);

            foreach (var place in seedDistrict.Places)
            {
                for (var k = 0; k < 2; k++)
                {
                    var name = place + DemoCatalog.CommunitySuffixes[(k * 2 + place.Length) % DemoCatalog.CommunitySuffixes.Length];
                    district.Communities.Add(new Community
                    {
                        Id = ++communityId,
                        DistrictId = district.Id,
                        Name = name,
                        PartyOrganisation = name.Replace("社区", string.Empty, StringComparison.Ordinal) + Pick(DemoCatalog.PartyOrganisationSuffixes),
                    });
                }
            }

            // The district's share of the 200 Red Stations, then its share of the 253 venues.
            for (var i = 0; i < seedDistrict.StationShare; i++, redIndex++)
            {
                var community = Pick(district.Communities);
                var kind = redKinds[redIndex];
                var station = NewStation(++stationId, community, seedDistrict, kind, $"ND-{seedDistrict.Code}-{i + 1:000}", names);
                station.Status = openSlots.Contains(redIndex) ? StationStatus.Open : StationStatus.Planned;
                community.Stations.Add(station);
                stations.Add(station);
                stationDistrict[station.Id] = district.Id;
            }
        }

        var venueShares = Apportion(DemoSeeder.SharedVenues, DemoCatalog.Districts.Select(d => d.StationShare).ToArray());
        for (var d = 0; d < districts.Count; d++)
        {
            for (var i = 0; i < venueShares[d]; i++)
            {
                var community = Pick(districts[d].Communities);
                var station = NewStation(++stationId, community, DemoCatalog.Districts[d], StationKind.SharedVenue, $"GJ-{DemoCatalog.Districts[d].Code}-{i + 1:000}", names);
                station.Status = StationStatus.Open;
                community.Stations.Add(station);
                stations.Add(station);
                stationDistrict[station.Id] = districts[d].Id;
            }
        }

        var teams = DemoCatalog.Teams.Select((t, i) => new Team { Id = i + 1, Name = t.Name, NameEn = t.NameEn }).ToList();
        var activityTypes = DemoCatalog.ActivityTypes
            .Select((t, i) => new ActivityType { Id = i + 1, Code = t.Code, Name = t.Name, NameEn = t.NameEn })
            .ToList();
        var volunteers = BuildVolunteers(districts, teams.Count);
        return new DemoNetwork(districts, stations, stationDistrict, teams, activityTypes, volunteers);
    }

    private StationKind[] BuildRedStationKinds()
    {
        var kinds = Apportion(DemoSeeder.PlannedRedStations, DemoCatalog.StationKinds.Select(k => k.Weight).ToArray())
            .SelectMany((count, i) => Enumerable.Repeat(DemoCatalog.StationKinds[i].Kind, count))
            .ToArray();
        _random.Shuffle(kinds);
        return kinds;
    }

    private HashSet<int> ChooseOpenStations()
    {
        var indexes = Enumerable.Range(0, DemoSeeder.PlannedRedStations).ToArray();
        _random.Shuffle(indexes);
        return indexes.Take(DemoSeeder.OpenRedStations).ToHashSet();
    }

    private Station NewStation(int id, Community community, DemoCatalog.DistrictSeed district, StationKind kind, string code, HashSet<string> names)
    {
        var place = community.Name.Replace("社区", string.Empty, StringComparison.Ordinal);
        var unit = Pick(DemoCatalog.Units);
        var baseName = kind switch
        {
            StationKind.ResidentialCompound => $"{place}{Pick(DemoCatalog.CompoundNames)}小区红色驿站",
            StationKind.ElderlyCare => $"{place}颐养红色驿站",
            StationKind.TrafficPolicePost => $"{place}路口交通执勤红色驿站",
            StationKind.ChildrenClassroom => $"{place}善课堂红色驿站",
            StationKind.OfficeBuilding => $"{unit}楼宇红色驿站",
            StationKind.Market => $"{place}农贸市场红色驿站",
            StationKind.Park => $"{place}公园红色驿站",
            _ => $"{unit}{Pick(DemoCatalog.VenueSuffixes)}",
        };
        var name = baseName;
        for (var n = 2; !names.Add(name); n++)
        {
            name = $"{baseName}（{n}）";
        }

        var (area, opens, closes, facilities, services) = kind switch
        {
            StationKind.ResidentialCompound => (Between(80, 400), new TimeOnly(8, 0), new TimeOnly(21, 0),
                StationFacilities.LiaisonRoom | StationFacilities.ReadingRoom | Maybe(StationFacilities.MediationStudio) | Maybe(StationFacilities.ChessRoom),
                StationServices.Lectures | StationServices.NeighbourhoodCouncil | StationServices.Mediation | Maybe(StationServices.Fitness)),
            StationKind.ElderlyCare => (Between(200, 600), new TimeOnly(7, 30), new TimeOnly(20, 0),
                StationFacilities.Canteen | StationFacilities.ChessRoom | StationFacilities.LiaisonRoom,
                StationServices.HealthyLunch | StationServices.ElderlyCare | StationServices.ReadingAndCalligraphy),
            StationKind.TrafficPolicePost => (Between(20, 60), new TimeOnly(7, 0), new TimeOnly(20, 0),
                StationFacilities.EmergencyDesk, StationServices.LegalAid),
            StationKind.ChildrenClassroom => (Between(60, 200), new TimeOnly(8, 0), new TimeOnly(20, 30),
                StationFacilities.ReadingRoom | StationFacilities.LectureHall, StationServices.Tutoring | StationServices.CultureClasses),
            StationKind.OfficeBuilding => (Between(60, 250), new TimeOnly(8, 30), new TimeOnly(18, 0),
                StationFacilities.LiaisonRoom | StationFacilities.LectureHall, StationServices.Lectures | StationServices.LegalAid),
            StationKind.Market => (Between(30, 120), new TimeOnly(6, 30), new TimeOnly(19, 0),
                StationFacilities.EmergencyDesk | StationFacilities.MediationStudio, StationServices.Mediation | StationServices.LegalAid),
            StationKind.Park => (Between(300, 3200), new TimeOnly(6, 0), new TimeOnly(21, 30),
                StationFacilities.FitnessArea | StationFacilities.ReadingRoom, StationServices.Fitness | StationServices.CultureClasses),
            _ => (Between(100, 800), new TimeOnly(8, 30), new TimeOnly(20, 0),
                StationFacilities.LectureHall | Maybe(StationFacilities.ReadingRoom) | Maybe(StationFacilities.ChessRoom),
                StationServices.Lectures | StationServices.CultureClasses | Maybe(StationServices.ReadingAndCalligraphy)),
        };

        // Latitude first, then longitude: the same draws from the main sequence as ever.
        var drawnLatitude = district.Latitude + (Gaussian() * Scatter);
        var drawnLongitude = district.Longitude + (Gaussian() * Scatter);
        var (latitude, longitude) = PlaceInside(id, district, drawnLatitude, drawnLongitude);

        return new Station
        {
            Id = id,
            Code = code,
            Name = name,
            CommunityId = community.Id,
            Kind = kind,
            FloorArea = area,
            Capacity = Math.Clamp((int)(area / 4), 10, 300),
            OpensAt = opens,
            ClosesAt = closes,
            Facilities = facilities,
            Services = services,
            HostUnit = kind is StationKind.SharedVenue or StationKind.OfficeBuilding ? unit : null,
            Latitude = latitude,
            Longitude = longitude,
        };
    }

    /// <summary>
    /// Keeps a station inside its district's area on the map. A scatter around a coastal seat can land in the sea
    /// or the next county: such a station is drawn again from its own generator (seeded by the station id), so
    /// the network's main sequence, and with it the rest of the demo data, stays as it was.
    /// </summary>
    private (double Latitude, double Longitude) PlaceInside(int stationId, DemoCatalog.DistrictSeed district, double latitude, double longitude)
    {
        var area = boundaries.AreaOf(district.Name)
            ?? throw new InvalidOperationException($"The boundary data has no area for {district.Name}.");
        var retry = new Random(unchecked((seed * 7_919) + stationId));
        for (var attempt = 0; attempt < 1000 && !area.Contains(Math.Round(latitude, 5), Math.Round(longitude, 5)); attempt++)
        {
            latitude = district.Latitude + (Gaussian(retry) * Scatter);
            longitude = district.Longitude + (Gaussian(retry) * Scatter);
        }

        return area.Contains(Math.Round(latitude, 5), Math.Round(longitude, 5))
            ? (Math.Round(latitude, 5), Math.Round(longitude, 5))
            : (district.Latitude, district.Longitude);
    }

    private List<VolunteerSeed> BuildVolunteers(List<District> districts, int teamCount)
    {
        var shares = Apportion(DemoSeeder.VolunteerCount, DemoCatalog.Districts.Select(d => d.StationShare).ToArray());
        var volunteers = new List<VolunteerSeed>(DemoSeeder.VolunteerCount);
        var registeredFrom = clock.UtcNow.AddYears(-3);
        for (var d = 0; d < districts.Count; d++)
        {
            for (var i = 0; i < shares[d]; i++)
            {
                var id = volunteers.Count + 1;
                var surname = Pick(DemoCatalog.Surnames);
                var first = Pick(DemoCatalog.GivenNameChars);
                var hasSecond = _random.NextDouble() < 0.7;
                var second = hasSecond ? Pick(DemoCatalog.GivenNameChars) : default;
                var name = surname.Char + first.Char + (hasSecond ? second.Char : string.Empty);
                var initials = $"{surname.Initial}{first.Initial}{(hasSecond ? second.Initial.ToString() : string.Empty)}";

                // An odd multiplier modulo 10^8 is a bijection: every volunteer gets a distinct number.
                var line = (int)((id * 7_919L + 3_572_113L) % 100_000_000L);
                var phone = DemoCatalog.MobilePrefixes[id % DemoCatalog.MobilePrefixes.Length] + line.ToString("D8", CultureInfo.InvariantCulture);
                var teamIds = _random.NextDouble() < 0.35
                    ? [_random.Next(1, teamCount + 1)]
                    : new[] { _random.Next(1, teamCount + 1), _random.Next(1, teamCount + 1) }.Distinct().ToArray();
                var skills = _random.NextDouble() < 0.6 ? Pick(DemoCatalog.Skills) : null;
                volunteers.Add(new VolunteerSeed(
                    id, name, initials, phone, $"NDDY{id:D6}", Pick(DemoCatalog.Units),
                    Pick(districts[d].Communities).Id, districts[d].Id, skills,
                    registeredFrom.AddMinutes(_random.Next(0, 3 * 365 * 24 * 60)), teamIds));
            }
        }

        return volunteers;
    }

    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="weights"/>, largest remainders first.</summary>
    internal static int[] Apportion(int total, int[] weights)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => (double)total * w / sum).ToArray();
        var result = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var order = exact.Select((e, i) => (Remainder: e - Math.Floor(e), Index: i)).OrderByDescending(x => x.Remainder).ThenBy(x => x.Index).ToArray();
        var missing = total - result.Sum();
        for (var i = 0; i < missing; i++)
        {
            result[order[i].Index]++;
        }

        return result;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private double Between(int min, int max) => Math.Round(min + _random.NextDouble() * (max - min));

    private T Maybe<T>(T flag) where T : struct, Enum => _random.NextDouble() < 0.5 ? flag : default;

    private double Gaussian() => Gaussian(_random);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

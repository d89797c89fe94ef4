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
        var story = new Dictionary<int, DemoCatalog.StorySeed>();
        var communityId = 0;
        var stationId = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var hosts = new HashSet<string>(StringComparer.Ordinal);

        var storyIndexes = StoryIndexes();
        var redKinds = BuildRedStationKinds();
        var openSlots = ChooseOpenStations(storyIndexes);
        var redIndex = 0;
        var kindIndex = 0;

        for (var d = 0; d < DemoCatalog.Districts.Length; d++)
        {
            var seedDistrict = DemoCatalog.Districts[d];
            var district = new District { Id = d + 1, Code = seedDistrict.Code, Name = seedDistrict.Name, NameEn = seedDistrict.NameEn, SortOrder = d };
            districts.Add(district);

            foreach (var name in seedDistrict.Communities)
            {
                district.Communities.Add(new Community
                {
                    Id = ++communityId,
                    DistrictId = district.Id,
                    Name = name,
                    PartyOrganisation = DemoCatalog.NamedPartyOrganisations.GetValueOrDefault(name)
                        ?? name.Replace("社区", string.Empty, StringComparison.Ordinal) + Pick(DemoCatalog.PartyOrganisationSuffixes),
                });
            }

            // The district's share of the 200 Red Stations, the places of the programme's story first, then its share
            // of the 253 venues. Every name is drawn from the district's own communities and units, and is new.
            var districtStory = DemoCatalog.Story.Where(s => s.District == seedDistrict.Code).ToArray();
            for (var i = 0; i < seedDistrict.StationShare; i++, redIndex++)
            {
                var code = $"ND-{seedDistrict.Code}-{i + 1:000}";
                Station station;
                if (i < districtStory.Length)
                {
                    var place = districtStory[i];
                    var community = district.Communities.SingleOrDefault(c => c.Name == place.Community)
                        ?? throw new InvalidOperationException($"{seedDistrict.Name} has no community {place.Community}.");
                    station = NewStation(++stationId, community, seedDistrict, place.Kind, code, place.Name, null);
                    station.FloorArea = place.FloorArea;
                    station.Capacity = Math.Clamp((int)(place.FloorArea / 4), 10, 300);
                    station.Facilities = place.Facilities;
                    station.Services = place.Services;
                    names.Add(place.Name);
                    story[station.Id] = place;
                }
                else
                {
                    var kind = redKinds[kindIndex++];
                    var (community, name, unit) = NameStation(district, seedDistrict, kind, names, hosts);
                    station = NewStation(++stationId, community, seedDistrict, kind, code, name, unit);
                }

                station.Status = openSlots.Contains(redIndex) ? StationStatus.Open : StationStatus.Planned;
                station.Community!.Stations.Add(station);
                stations.Add(station);
                stationDistrict[station.Id] = district.Id;
            }
        }

        var venueShares = Apportion(DemoSeeder.SharedVenues, DemoCatalog.Districts.Select(d => d.StationShare).ToArray());
        for (var d = 0; d < districts.Count; d++)
        {
            for (var i = 0; i < venueShares[d]; i++)
            {
                var (community, name, unit) = NameStation(districts[d], DemoCatalog.Districts[d], StationKind.SharedVenue, names, hosts);
                var station = NewStation(++stationId, community, DemoCatalog.Districts[d], StationKind.SharedVenue, $"GJ-{DemoCatalog.Districts[d].Code}-{i + 1:000}", name, unit);
                station.Status = StationStatus.Open;
                community.Stations.Add(station);
                stations.Add(station);
                stationDistrict[station.Id] = districts[d].Id;
            }
        }

        LinkUnits(districts, stations);
        var teams = DemoCatalog.Teams.Select((t, i) => new Team { Id = i + 1, Name = t.Name, NameEn = t.NameEn }).ToList();
        var activityTypes = DemoCatalog.ActivityTypes
            .Select((t, i) => new ActivityType { Id = i + 1, Code = t.Code, Name = t.Name, NameEn = t.NameEn })
            .ToList();
        var volunteers = BuildVolunteers(districts, teams.Count);
        return new DemoNetwork(districts, stations, stationDistrict, teams, activityTypes, volunteers, story);
    }

    /// <summary>
    /// Makes every host unit a <see cref="Unit"/> (驻区单位) of its district, co-building with the community of the first
    /// venue it opens, and links its venues to it. Draws nothing from the random sequence: the rest of the demo stays as it was.
    /// </summary>
    private static void LinkUnits(List<District> districts, List<Station> stations)
    {
        var units = new Dictionary<string, Unit>(StringComparer.Ordinal);
        var perDistrict = new Dictionary<int, int>();
        var codeOf = districts.ToDictionary(d => d.Id, d => d.Code);
        foreach (var station in stations.Where(s => s.HostUnit is not null).OrderBy(s => s.Id))
        {
            if (!units.TryGetValue(station.HostUnit!, out var unit))
            {
                var districtId = station.Community!.DistrictId;
                var number = perDistrict[districtId] = perDistrict.GetValueOrDefault(districtId) + 1;
                unit = new Unit
                {
                    Id = units.Count + 1,
                    Code = $"U-{codeOf[districtId]}-{number:000}",
                    Name = station.HostUnit!,
                    Kind = DemoCatalog.UnitKindOf(station.HostUnit!),
                    CommunityId = station.CommunityId,
                    Community = station.Community,
                    PartyOrganisation = station.HostUnit + "党委",
                };
                units[unit.Name] = unit;
            }

            station.UnitId = unit.Id;
            station.Unit = unit;
            unit.Venues.Add(station);
        }
    }

    /// <summary>Where the story's places fall in the run of 200 Red Stations: each first in its district.</summary>
    private static HashSet<int> StoryIndexes()
    {
        var indexes = new HashSet<int>();
        var offset = 0;
        foreach (var district in DemoCatalog.Districts)
        {
            var count = DemoCatalog.Story.Count(s => s.District == district.Code);
            if (count > district.StationShare)
            {
                throw new InvalidOperationException($"{district.Name} has more story places than stations.");
            }

            indexes.UnionWith(Enumerable.Range(offset, count));
            offset += district.StationShare;
        }

        return indexes;
    }

    /// <summary>The kinds of the generated Red Stations: the 200's split by kind, less the story places' own kinds.</summary>
    private StationKind[] BuildRedStationKinds()
    {
        var kinds = Apportion(DemoSeeder.PlannedRedStations, DemoCatalog.StationKinds.Select(k => k.Weight).ToArray())
            .SelectMany((count, i) => Enumerable.Repeat(DemoCatalog.StationKinds[i].Kind, count))
            .ToList();
        foreach (var place in DemoCatalog.Story)
        {
            kinds.Remove(place.Kind);
        }

        var shuffled = kinds.ToArray();
        _random.Shuffle(shuffled);
        return shuffled;
    }

    /// <summary>The 147 open Red Stations: every story place, and the rest drawn at random.</summary>
    private HashSet<int> ChooseOpenStations(HashSet<int> storyIndexes)
    {
        var indexes = Enumerable.Range(0, DemoSeeder.PlannedRedStations).Where(i => !storyIndexes.Contains(i)).ToArray();
        _random.Shuffle(indexes);
        return [.. storyIndexes, .. indexes.Take(DemoSeeder.OpenRedStations - storyIndexes.Count)];
    }

    /// <summary>
    /// A community of the district and a name no station has yet: a compound, an elderly-care station or a park
    /// is named after its community, an office building or a shared venue after its host unit, one of the
    /// district's own. Units not yet hosting are preferred, so a unit hosts a second venue only when all host one.
    /// </summary>
    private (Community Community, string Name, string? HostUnit) NameStation(
        District district, DemoCatalog.DistrictSeed seed, StationKind kind, HashSet<string> names, HashSet<string> hosts)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var community = Pick(district.Communities);
            var place = community.Name.Replace("社区", string.Empty, StringComparison.Ordinal);
            foreach (var (name, unit) in Candidates(kind, place, seed, hosts))
            {
                if (names.Add(name))
                {
                    if (unit is not null)
                    {
                        hosts.Add(unit);
                    }

                    return (community, name, unit);
                }
            }
        }

        throw new InvalidOperationException($"{seed.Name} has run out of names for a {kind} station.");
    }

    private IEnumerable<(string Name, string? Unit)> Candidates(StationKind kind, string place, DemoCatalog.DistrictSeed seed, HashSet<string> hosts)
    {
        (string, string?) Own(string name) => (name, null);
        IEnumerable<string> Units() => Shuffled(seed.Units).OrderBy(hosts.Contains);
        return kind switch
        {
            StationKind.ResidentialCompound => Shuffled(DemoCatalog.CompoundNames).Select(c => Own($"{place}{c}小区红色驿站")),
            StationKind.ElderlyCare => [Own($"{place}社区居家养老红色驿站"), Own($"{place}长者食堂红色驿站"), Own($"{place}颐养院红色驿站")],
            StationKind.TrafficPolicePost => [Own($"{place}交警岗亭红色驿站"), Own($"{place}路口交通执勤红色驿站")],
            StationKind.ChildrenClassroom => [Own($"{place}社区善课堂红色驿站"), Own($"{place}四点半课堂红色驿站")],
            StationKind.Market => [Own($"{place}农贸市场红色驿站"), Own($"{place}菜市场红色驿站")],
            StationKind.Park => [Own($"{place}公园红色驿站"), Own($"{place}休闲广场红色驿站")],
            StationKind.OfficeBuilding => Units().Select(u => ($"{u}楼宇红色驿站", (string?)u)),
            _ => Units().SelectMany(u => Shuffled(DemoCatalog.VenueSuffixes).Select(s => ($"{u}{s}", (string?)u))),
        };
    }

    private T[] Shuffled<T>(T[] items)
    {
        var copy = (T[])items.Clone();
        _random.Shuffle(copy);
        return copy;
    }

    private Station NewStation(int id, Community community, DemoCatalog.DistrictSeed district, StationKind kind, string code, string name, string? unit)
    {
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
            Community = community,
            Kind = kind,
            FloorArea = area,
            Capacity = Math.Clamp((int)(area / 4), 10, 300),
            OpensAt = opens,
            ClosesAt = closes,
            Facilities = facilities,
            Services = services,
            HostUnit = unit,
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
                    id, name, initials, phone, $"NDDY{id:D6}", Pick(DemoCatalog.Districts[d].Units),
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

/**
 * Major cities (English exonyms) for the LOCATION recognizer's gazetteer.
 *
 * Hand-written list of large or well-known cities; the LOCATION recognizer reports them only
 * after a location cue ("lives in", "based in", "city:"), never on their own.
 * `AMBIGUOUS_PLACE_NAMES` are names that are also common words or given names; they need a
 * strong cue ("lives in", "city:") and never match after a bare "in"/"from".
 */
export const MAJOR_CITIES: readonly string[] = [
  // North America
  'New York', 'New York City', 'Los Angeles', 'Chicago', 'Houston', 'Phoenix', 'Philadelphia',
  'San Antonio', 'San Diego', 'Dallas', 'San Jose', 'Austin', 'Jacksonville', 'Fort Worth',
  'Columbus', 'Charlotte', 'San Francisco', 'Indianapolis', 'Seattle', 'Denver', 'Washington',
  'Boston', 'El Paso', 'Nashville', 'Detroit', 'Oklahoma City', 'Portland', 'Las Vegas',
  'Memphis', 'Louisville', 'Baltimore', 'Milwaukee', 'Albuquerque', 'Tucson', 'Fresno',
  'Sacramento', 'Kansas City', 'Atlanta', 'Miami', 'Raleigh', 'Omaha', 'Minneapolis',
  'Cleveland', 'Tulsa', 'Oakland', 'Tampa', 'New Orleans', 'Honolulu', 'Pittsburgh',
  'Cincinnati', 'St. Louis', 'Saint Louis', 'Orlando', 'Buffalo', 'Salt Lake City', 'Anchorage',
  'Springfield', 'Brooklyn', 'Manhattan', 'Toronto', 'Montreal', 'Vancouver', 'Calgary',
  'Ottawa', 'Edmonton', 'Winnipeg', 'Quebec City', 'Halifax', 'Mexico City', 'Guadalajara',
  'Monterrey', 'Tijuana', 'Cancun', 'Havana', 'San Juan', 'Panama City', 'Guatemala City',
  // South America
  'São Paulo', 'Sao Paulo', 'Rio de Janeiro', 'Brasília', 'Brasilia', 'Salvador',
  'Belo Horizonte', 'Buenos Aires', 'Córdoba', 'Cordoba', 'Santiago', 'Lima', 'Bogotá', 'Bogota',
  'Medellín', 'Medellin', 'Caracas', 'Quito', 'Montevideo', 'La Paz', 'Asunción', 'Asuncion',
  // Europe
  'London', 'Manchester', 'Birmingham', 'Liverpool', 'Leeds', 'Glasgow', 'Edinburgh', 'Bristol',
  'Cardiff', 'Belfast', 'Dublin', 'Cork', 'Oxford', 'Cambridge', 'Paris', 'Marseille', 'Lyon',
  'Toulouse', 'Nice', 'Bordeaux', 'Lille', 'Strasbourg', 'Berlin', 'Hamburg', 'Munich',
  'München', 'Cologne', 'Köln', 'Frankfurt', 'Stuttgart', 'Düsseldorf', 'Dusseldorf', 'Leipzig',
  'Dresden', 'Hanover', 'Hannover', 'Nuremberg', 'Bremen', 'Vienna', 'Wien', 'Graz', 'Salzburg',
  'Zurich', 'Zürich', 'Geneva', 'Basel', 'Bern', 'Lausanne', 'Amsterdam', 'Rotterdam',
  'The Hague', 'Utrecht', 'Eindhoven', 'Brussels', 'Antwerp', 'Ghent', 'Luxembourg City',
  'Copenhagen', 'Aarhus', 'Stockholm', 'Gothenburg', 'Malmö', 'Malmo', 'Oslo', 'Bergen',
  'Helsinki', 'Reykjavik', 'Madrid', 'Barcelona', 'Valencia', 'Seville', 'Sevilla', 'Bilbao',
  'Málaga', 'Malaga', 'Lisbon', 'Porto', 'Rome', 'Milan', 'Naples', 'Turin', 'Florence',
  'Venice', 'Bologna', 'Genoa', 'Palermo', 'Athens', 'Thessaloniki', 'Istanbul', 'Ankara',
  'Izmir', 'Warsaw', 'Kraków', 'Krakow', 'Wrocław', 'Wroclaw', 'Gdańsk', 'Gdansk', 'Poznań',
  'Poznan', 'Prague', 'Brno', 'Bratislava', 'Budapest', 'Bucharest', 'Sofia', 'Belgrade',
  'Zagreb', 'Ljubljana', 'Sarajevo', 'Tirana', 'Skopje', 'Kyiv', 'Kiev', 'Kharkiv', 'Lviv',
  'Odesa', 'Odessa', 'Minsk', 'Vilnius', 'Riga', 'Tallinn', 'Moscow', 'Saint Petersburg',
  'St. Petersburg', 'Novosibirsk', 'Chisinau',
  // Africa and Middle East
  'Cairo', 'Alexandria', 'Lagos', 'Abuja', 'Kano', 'Accra', 'Nairobi', 'Mombasa', 'Addis Ababa',
  'Johannesburg', 'Cape Town', 'Durban', 'Pretoria', 'Casablanca', 'Rabat', 'Marrakesh',
  'Marrakech', 'Tunis', 'Algiers', 'Dakar', 'Kinshasa', 'Luanda', 'Dar es Salaam', 'Kampala',
  'Kigali', 'Harare', 'Lusaka', 'Khartoum', 'Tehran', 'Baghdad', 'Riyadh', 'Jeddah', 'Mecca',
  'Dubai', 'Abu Dhabi', 'Doha', 'Kuwait City', 'Muscat', 'Amman', 'Beirut', 'Damascus',
  'Jerusalem', 'Tel Aviv', 'Haifa',
  // Asia and Oceania
  'Tokyo', 'Osaka', 'Kyoto', 'Yokohama', 'Nagoya', 'Sapporo', 'Fukuoka', 'Seoul', 'Busan',
  'Beijing', 'Shanghai', 'Guangzhou', 'Shenzhen', 'Chengdu', 'Wuhan', 'Tianjin', "Xi'an",
  'Hangzhou', 'Nanjing', 'Chongqing', 'Hong Kong', 'Taipei', 'Macau', 'Mumbai', 'Bombay',
  'Delhi', 'New Delhi', 'Bangalore', 'Bengaluru', 'Hyderabad', 'Chennai', 'Kolkata', 'Pune',
  'Ahmedabad', 'Jaipur', 'Lucknow', 'Karachi', 'Lahore', 'Islamabad', 'Dhaka', 'Kathmandu',
  'Colombo', 'Kabul', 'Tashkent', 'Almaty', 'Bangkok', 'Chiang Mai', 'Hanoi', 'Ho Chi Minh City',
  'Saigon', 'Phnom Penh', 'Vientiane', 'Yangon', 'Kuala Lumpur', 'Singapore', 'Jakarta',
  'Surabaya', 'Bali', 'Manila', 'Quezon City', 'Cebu', 'Sydney', 'Melbourne', 'Brisbane',
  'Perth', 'Adelaide', 'Canberra', 'Auckland', 'Wellington', 'Christchurch',
];

/**
 * Place names that are also frequent words, given names or brands. Matched only after a strong
 * cue (e.g. "lives in", "based in", "city:"), never after a bare "in"/"from"/"to".
 */
export const AMBIGUOUS_PLACE_NAMES: readonly string[] = [
  'Phoenix', 'Nice', 'Buffalo', 'Springfield', 'Washington', 'Columbus', 'Charlotte', 'Austin',
  'Portland', 'Jordan', 'Chad', 'Georgia', 'Jersey', 'Niger', 'Guinea', 'Turkey', 'Mali', 'Oman',
  'Salvador', 'Santiago', 'Victoria', 'Sydney', 'Perth', 'Bali',
  'Cork', 'Bergen', 'Reading', 'Bath', 'Split', 'Mobile', 'Lima', 'Sofia', 'Paris', 'Florence',
  'Dominica', 'Man', 'Aland', 'Reunion', 'America', 'Bern',
  'Cambridge', 'Oxford', 'Valencia', 'Cordoba', 'Córdoba', 'Manhattan', 'Brooklyn', 'Kano',
  'Tampa', 'Memphis', 'Denver', 'Orlando', 'Dallas', 'Tulsa', 'Jackson', 'Lincoln', 'Madison',
];

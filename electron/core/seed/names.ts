export const FIRST_NAMES = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Grace', 'Freya',
  'Willow', 'Florence', 'Emily', 'Ella', 'Poppy', 'Evie', 'Elsie', 'Charlotte', 'Evelyn', 'Sienna', 'Sofia',
  'Daisy', 'Phoebe', 'Harper', 'Alice', 'Matilda', 'Ruby', 'Priya', 'Aisha', 'Zara', 'Fatima', 'Chloe',
  'Noah', 'Muhammad', 'Oliver', 'George', 'Leo', 'Arthur', 'Oscar', 'Theodore', 'Freddie', 'Archie',
  'Henry', 'Alfie', 'Charlie', 'Jack', 'Thomas', 'Jacob', 'Lucas', 'Isaac', 'Finley', 'Arlo', 'Edward',
  'Harry', 'James', 'William', 'Joshua', 'Samuel', 'Rohan', 'Arjun', 'Kwame', 'Tomasz', 'Mateusz', 'Declan',
  'Niamh', 'Siobhan', 'Rhys', 'Cerys', 'Callum', 'Eilidh',
] as const;

export const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Patel',
  'Khan', 'Lewis', 'James', 'Phillips', 'Mason', 'Mitchell', 'Rose', 'Davis', 'Rodriguez', 'Cox', 'Alexander',
  'Morris', 'Hughes', 'Ward', 'Turner', 'Edwards', 'Cooper', 'Bennett', 'Harris', 'Martin', 'King', 'Young',
  'Allen', 'Scott', 'Baker', 'Adams', 'Campbell', 'Anderson', 'Stewart', 'Murphy', "O'Brien", 'Kelly',
  'Singh', 'Ahmed', 'Ali', 'Begum', 'Hussain', 'Shah', 'Nowak', 'Kowalski', 'Okafor', 'Mensah', 'Chen',
  'Wang', 'Nguyen', 'Fraser', 'MacDonald', 'Reid', 'Price', 'Lloyd', 'Morgan', 'Owen', 'Parry', 'Shaw',
] as const;

export const CITIES = [
  'London', 'Birmingham', 'Manchester', 'Leeds', 'Glasgow', 'Liverpool', 'Bristol', 'Sheffield', 'Edinburgh',
  'Cardiff', 'Leicester', 'Nottingham', 'Newcastle', 'Belfast', 'Brighton', 'Southampton', 'Plymouth',
  'Aberdeen', 'York', 'Norwich', 'Cambridge', 'Oxford', 'Swansea', 'Exeter', 'Dundee', 'Derby',
] as const;

// Word lists for the demo town of Mayberry, NC: first and last names, streets, businesses and
// the towns some customers get their mail in. Invented data; phone numbers use the 555 exchange
// and e-mail addresses the reserved example domains.

export const FEMALE_NAMES: readonly string[] = [
  'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen',
  'Lisa', 'Nancy', 'Betty', 'Margaret', 'Sandra', 'Ashley', 'Kimberly', 'Emily', 'Donna', 'Michelle',
  'Carol', 'Amanda', 'Dorothy', 'Melissa', 'Deborah', 'Stephanie', 'Rebecca', 'Sharon', 'Laura', 'Cynthia',
  'Kathleen', 'Amy', 'Angela', 'Shirley', 'Anna', 'Brenda', 'Pamela', 'Emma', 'Nicole', 'Helen',
  'Samantha', 'Katherine', 'Christine', 'Debra', 'Rachel', 'Carolyn', 'Janet', 'Catherine', 'Maria', 'Heather',
  'Diane', 'Ruth', 'Julie', 'Olivia', 'Joyce', 'Virginia', 'Victoria', 'Kelly', 'Lauren', 'Christina',
  'Joan', 'Evelyn', 'Judith', 'Megan', 'Andrea', 'Cheryl', 'Hannah', 'Jacqueline', 'Martha', 'Gloria',
  'Teresa', 'Ann', 'Sara', 'Madison', 'Frances', 'Kathryn', 'Janice', 'Jean', 'Abigail', 'Alice',
  'Judy', 'Sophia', 'Grace', 'Denise', 'Amber', 'Doris', 'Marilyn', 'Danielle', 'Beverly', 'Isabella',
  'Theresa', 'Diana', 'Natalie', 'Brittany', 'Charlotte', 'Marie', 'Kayla', 'Alexis', 'Lori', 'Bea',
  'Thelma', 'Opal', 'Clara', 'Ellie', 'Peggy', 'Juanita', 'Rosa', 'Lucia', 'Mei', 'Priya',
];

export const MALE_NAMES: readonly string[] = [
  'James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Charles',
  'Christopher', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven', 'Paul', 'Andrew', 'Joshua',
  'Kenneth', 'Kevin', 'Brian', 'George', 'Timothy', 'Ronald', 'Edward', 'Jason', 'Jeffrey', 'Ryan',
  'Jacob', 'Gary', 'Nicholas', 'Eric', 'Jonathan', 'Stephen', 'Larry', 'Justin', 'Scott', 'Brandon',
  'Benjamin', 'Samuel', 'Gregory', 'Alexander', 'Frank', 'Patrick', 'Raymond', 'Jack', 'Dennis', 'Jerry',
  'Tyler', 'Aaron', 'Jose', 'Adam', 'Nathan', 'Henry', 'Douglas', 'Zachary', 'Peter', 'Kyle',
  'Ethan', 'Walter', 'Noah', 'Jeremy', 'Christian', 'Keith', 'Roger', 'Terry', 'Gerald', 'Harold',
  'Sean', 'Austin', 'Carl', 'Arthur', 'Lawrence', 'Dylan', 'Jesse', 'Jordan', 'Bryan', 'Billy',
  'Joe', 'Bruce', 'Gabriel', 'Logan', 'Albert', 'Willie', 'Alan', 'Juan', 'Wayne', 'Elijah',
  'Randy', 'Roy', 'Vincent', 'Ralph', 'Eugene', 'Russell', 'Bobby', 'Mason', 'Philip', 'Louis',
  'Andy', 'Opie', 'Barney', 'Floyd', 'Otis', 'Gomer', 'Goober', 'Howard', 'Emmett', 'Luis',
  'Carlos', 'Miguel', 'Wei', 'Hiroshi', 'Tariq', 'Dmitri', 'Kwame', 'Rajesh', 'Malik', 'Darnell',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez',
  'Powell', 'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson', 'Barnes',
  'Gonzales', 'Fisher', 'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Alexander', 'Hamilton', 'Graham',
  'Reynolds', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera', 'Gibson',
  'Ellis', 'Tran', 'Medina', 'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro', 'Marshall', 'Owens',
  'Harrison', 'Fernandez', 'McDonald', 'Woods', 'Washington', 'Kennedy', 'Wells', 'Vargas', 'Henry', 'Chen',
  'Freeman', 'Webb', 'Tucker', 'Guzman', 'Burns', 'Crawford', 'Olson', 'Simpson', 'Porter', 'Hunter',
  'Gordon', 'Mendez', 'Silva', 'Shaw', 'Snyder', 'Mason', 'Dixon', 'Munoz', 'Hunt', 'Hicks',
  'Holmes', 'Palmer', 'Wagner', 'Black', 'Robertson', 'Boyd', 'Rose', 'Stone', 'Salazar', 'Fox',
  'Warren', 'Mills', 'Meyer', 'Rice', 'Schmidt', 'Garza', 'Daniels', 'Ferguson', 'Nichols', 'Stephens',
  'Soto', 'Weaver', 'Ryan', 'Gardner', 'Payne', 'Grant', 'Dunn', 'Kelley', 'Spencer', 'Hawkins',
  'Arnold', 'Pierce', 'Vazquez', 'Hansen', 'Peters', 'Santos', 'Hart', 'Bradley', 'Knight', 'Elliott',
  'Cunningham', 'Duncan', 'Armstrong', 'Hudson', 'Carroll', 'Lane', 'Riley', 'Andrews', 'Alvarado', 'Ray',
  'Delgado', 'Berry', 'Perkins', 'Hoffman', 'Johnston', 'Matthews', 'Pena', 'Richards', 'Contreras', 'Willis',
  'Carpenter', 'Lawrence', 'Sandoval', 'Guerrero', 'George', 'Chapman', 'Rios', 'Estrada', 'Ortega', 'Watkins',
  'Greene', 'Nunez', 'Wheeler', 'Valdez', 'Harper', 'Burke', 'Larson', 'Santiago', 'Maldonado', 'Morrison',
  'Franklin', 'Carlson', 'Austin', 'Dominguez', 'Carr', 'Lawson', 'Jacobs', "O'Brien", 'Lynch', 'Singh',
  'Vega', 'Bishop', 'Montgomery', 'Oliver', 'Jensen', 'Harvey', 'Williamson', 'Gilbert', 'Dean', 'Sims',
  'Espinoza', 'Howell', 'Li', 'Wong', 'Reid', 'Hanson', 'Le', 'McCoy', 'Garrett', 'Burton',
  'Fuller', 'Wang', 'Weber', 'Welch', 'Rojas', 'Lucas', 'Marquez', 'Fields', 'Park', 'Yang',
  'Little', 'Banks', 'Padilla', 'Day', 'Walsh', 'Bowman', 'Schultz', 'Luna', 'Fowler', 'Mejia',
  'Pyle', 'Fife', 'Lightfoot', 'Sprague', 'Crump', 'Lester', 'Hollowell', 'Snow', 'Lovelace', 'Sawyer',
];

const STREET_BASES: readonly string[] = [
  'Main', 'Church', 'Oak', 'Pine', 'Maple', 'Elm', 'Cedar', 'Walnut', 'Chestnut', 'Poplar',
  'Willow', 'Dogwood', 'Magnolia', 'Hickory', 'Sycamore', 'Spruce', 'Birch', 'Holly', 'Laurel', 'Locust',
  'Franklin', 'Washington', 'Jefferson', 'Madison', 'Monroe', 'Jackson', 'Lincoln', 'Grant', 'Wilson', 'Adams',
  'Market', 'Spring', 'Mill', 'Depot', 'Railroad', 'Academy', 'College', 'School', 'Park', 'Lake',
  'River', 'Creek', 'Ridge', 'Hill', 'Valley', 'Meadow', 'Orchard', 'Forest', 'Garden', 'Summit',
  'Blue Ridge', 'Pilot Mountain', 'Fancy Gap', 'Ararat', 'Yadkin', 'Surry', 'Stokes', 'Granite', 'Quarry', 'Haystack',
  'Rockford', 'Dobson', 'Westfield', 'Pine Ridge', 'Cherry', 'Apple', 'Peach', 'Tobacco', 'Cotton', 'Wheat',
  'Independence', 'Liberty', 'Union', 'Commerce', 'Factory', 'Depot Hill', 'Old Mill', 'Country Club', 'Riverside', 'Lakeview',
  'Sunset', 'Sunrise', 'Hillcrest', 'Fairview', 'Pleasant', 'Greenway', 'Brookside', 'Woodland', 'Crestview', 'Edgewood',
  'Rose', 'Ivy', 'Fern', 'Juniper', 'Aspen', 'Hawthorne', 'Mulberry', 'Persimmon', 'Sassafras', 'Buckeye',
  'Taylor', 'Lovell', 'Renfro', 'Moore', 'Gilmer', 'Worth', 'Hamburg', 'Rawley', 'Virginia', 'Carolina',
];

const STREET_TYPES: readonly string[] = ['St', 'St', 'St', 'Ave', 'Rd', 'Dr', 'Ln', 'Ct', 'Cir', 'Way', 'Pl', 'Trl'];

/** About 150 street names ("N Main St", "Dogwood Ln"), fixed for every seed. */
export const STREETS: readonly string[] = (() => {
  const out: string[] = [];
  for (let i = 0; i < STREET_BASES.length; i++) {
    const base = STREET_BASES[i]!;
    out.push(`${base} ${STREET_TYPES[(i * 7) % STREET_TYPES.length]!}`);
    if (i % 3 === 0) out.push(`${i % 2 === 0 ? 'N' : 'S'} ${base} ${STREET_TYPES[(i * 5 + 1) % STREET_TYPES.length]!}`);
  }
  return out;
})();

export const BUSINESS_NOUNS: readonly string[] = [
  'Feed & Seed', 'Florist', 'Bakery', 'Laundromat', 'Pharmacy', 'Dry Cleaners', 'Tire & Lube', 'Pizza',
  'Coffee Co', 'Print Shop', 'Self Storage', 'Animal Hospital', 'Realty', 'Bowling Lanes', 'Barbecue', 'Grill',
  'Diner', 'Antiques', 'Furniture', 'Car Wash', 'Fitness', 'Dance Studio', 'Day Care', 'Bookstore',
  'Creamery', 'Outfitters', 'Motel', 'Family Practice', 'Vision Center', 'Tax Service',
];

export const SURNAME_TRADES: readonly string[] = [
  'Hardware', 'Plumbing', 'Auto Repair', 'Construction', 'Insurance Agency', 'Electric', 'Heating & Air',
  'Funeral Home', 'Law Office', 'Family Dentistry', 'Furniture', 'Body Shop', 'Landscaping', 'Roofing', 'Realty',
];

export const BUSINESS_SUFFIXES: readonly string[] = ['LLC', 'LLC', 'Inc', 'Co', 'PLLC', 'PA', ''];

export const PLACE_PREFIXES: readonly string[] = ['Mayberry', 'Blue Ridge', 'Surry', 'Pilot Mountain', 'Ararat River', 'Granite City', 'Old Town', 'Yadkin Valley'];

export const TOWN = { city: 'Mayberry', state: 'NC', zip: '27030' } as const;

/** Where the few customers with a mailing address elsewhere get their mail. */
export const OTHER_TOWNS: ReadonlyArray<{ city: string; state: string; zip: string }> = [
  { city: 'Winston-Salem', state: 'NC', zip: '27101' },
  { city: 'Greensboro', state: 'NC', zip: '27401' },
  { city: 'Charlotte', state: 'NC', zip: '28202' },
  { city: 'Raleigh', state: 'NC', zip: '27601' },
  { city: 'Pilot Mountain', state: 'NC', zip: '27041' },
  { city: 'Dobson', state: 'NC', zip: '27017' },
  { city: 'Elkin', state: 'NC', zip: '28621' },
  { city: 'Galax', state: 'VA', zip: '24333' },
  { city: 'Roanoke', state: 'VA', zip: '24011' },
  { city: 'Myrtle Beach', state: 'SC', zip: '29577' },
  { city: 'Knoxville', state: 'TN', zip: '37902' },
  { city: 'Naples', state: 'FL', zip: '34102' },
];

export const AREA_CODES: readonly string[] = ['336', '336', '336', '336', '336', '336', '276', '704', '919'];

export const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org'];

export const NOTE_TEXTS: ReadonlyArray<{ text: string; followUp: boolean }> = [
  { text: 'Customer called about a high bill; explained the summer irrigation usage.', followUp: false },
  { text: 'Meter reread requested by customer; reading confirmed by the water department.', followUp: false },
  { text: 'Customer asked for bills to be e-mailed; address updated.', followUp: false },
  { text: 'Landlord called to confirm the tenant has service in their own name.', followUp: false },
  { text: 'Customer reports a leak after the meter; advised to call a plumber and bring the repair invoice for a leak adjustment.', followUp: true },
  { text: 'New service application incomplete: copy of lease still needed.', followUp: true },
  { text: 'Customer promised to pay the past-due balance on Friday.', followUp: true },
  { text: 'Returned mail; ask for a current mailing address at the next visit.', followUp: true },
  { text: 'Customer disputes the last sanitation charge (says cart was never emptied); checking with Public Works.', followUp: true },
  { text: 'Customer asked about bank draft; gave the authorization form.', followUp: false },
  { text: 'Customer requested a second recycling cart.', followUp: false },
  { text: 'Courtesy call about the past-due balance; left a voicemail.', followUp: false },
];

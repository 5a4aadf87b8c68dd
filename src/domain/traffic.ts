/**
 * The vehicle classes of a DfT annual average daily flow (AADF) file, as its columns name them and as a
 * traffic layer's columns hold them, in the file's order. The import reads them; the transient
 * population figure adds them up.
 */
export const VEHICLE_CLASSES = [
  ['pedal_cycles', 'pedalCycles'],
  ['two_wheeled_motor_vehicles', 'twoWheeledMotorVehicles'],
  ['cars_and_taxis', 'carsAndTaxis'],
  ['buses_and_coaches', 'busesAndCoaches'],
  ['lgvs', 'lgvs'],
  ['hgvs_2_rigid_axle', 'hgvs2RigidAxle'],
  ['hgvs_3_rigid_axle', 'hgvs3RigidAxle'],
  ['hgvs_4_or_more_rigid_axle', 'hgvs4OrMoreRigidAxle'],
  ['hgvs_3_or_4_articulated_axle', 'hgvs3Or4ArticulatedAxle'],
  ['hgvs_5_articulated_axle', 'hgvs5ArticulatedAxle'],
  ['hgvs_6_articulated_axle', 'hgvs6ArticulatedAxle'],
  ['all_hgvs', 'allHgvs'],
] as const satisfies readonly (readonly [column: string, attribute: string])[];

export const VEHICLE_CLASS_ATTRIBUTES = VEHICLE_CLASSES.map(([, attribute]) => attribute);

/** The classes as DfT's own tables name them, for people. */
export const VEHICLE_CLASS_LABELS: Record<(typeof VEHICLE_CLASS_ATTRIBUTES)[number], string> = {
  pedalCycles: 'Pedal cycles',
  twoWheeledMotorVehicles: 'Two-wheeled motor vehicles',
  carsAndTaxis: 'Cars and taxis',
  busesAndCoaches: 'Buses and coaches',
  lgvs: 'LGVs',
  hgvs2RigidAxle: 'HGVs, 2 rigid axles',
  hgvs3RigidAxle: 'HGVs, 3 rigid axles',
  hgvs4OrMoreRigidAxle: 'HGVs, 4 or more rigid axles',
  hgvs3Or4ArticulatedAxle: 'HGVs, 3 or 4 articulated axles',
  hgvs5ArticulatedAxle: 'HGVs, 5 articulated axles',
  hgvs6ArticulatedAxle: 'HGVs, 6 articulated axles',
  allHgvs: 'All HGVs',
};

/**
 * Editor side of the flanders-hub/widget block. Plain ES5 on WordPress's
 * globals, so the plugin needs no build step. The block is dynamic: save()
 * stores only attributes and PHP renders the markup (previewed here through
 * ServerSideRender, which shows the widget's fallback link).
 */
( function ( wp ) {
	'use strict';
	var el = wp.element.createElement;
	var __ = wp.i18n.__;
	var blockEditor = wp.blockEditor;
	var components = wp.components;

	var EVENT_FILTERS = [ 'organiser', 'institution', 'representation', 'country', 'discipline', 'type', 'audience', 'language' ];
	var FILTERS = {
		events: EVENT_FILTERS,
		calendar: EVENT_FILTERS,
		expertise: [ 'institution', 'discipline', 'country' ],
		search: EVENT_FILTERS
	};
	var FILTER_LABELS = {
		organiser: __( 'Organiser (slug or id)', 'flanders-hub' ),
		institution: __( 'Institution (slug or id)', 'flanders-hub' ),
		representation: __( 'Representation (slug or id)', 'flanders-hub' ),
		country: __( 'Country (two-letter code, e.g. JP)', 'flanders-hub' ),
		discipline: __( 'Discipline code (e.g. 1.2)', 'flanders-hub' ),
		type: __( 'Event type', 'flanders-hub' ),
		audience: __( 'Audience', 'flanders-hub' ),
		language: __( 'Language of the events', 'flanders-hub' )
	};

	function choices( pairs ) {
		return pairs.map( function ( pair ) {
			return { value: pair[ 0 ], label: pair[ 1 ] };
		} );
	}

	function edit( props ) {
		var attributes = props.attributes;
		var widget = FILTERS[ attributes.widget ] ? attributes.widget : 'events';

		function setter( name ) {
			return function ( value ) {
				var change = {};
				change[ name ] = value;
				props.setAttributes( change );
			};
		}

		var general = [
			el( components.SelectControl, {
				key: 'widget',
				label: __( 'Widget', 'flanders-hub' ),
				value: widget,
				options: choices( [
					[ 'events', __( 'Events', 'flanders-hub' ) ],
					[ 'calendar', __( 'Event calendar', 'flanders-hub' ) ],
					[ 'expertise', __( 'Expertise', 'flanders-hub' ) ],
					[ 'search', __( 'Search', 'flanders-hub' ) ]
				] ),
				onChange: setter( 'widget' )
			} ),
			el( components.SelectControl, {
				key: 'lang',
				label: __( 'Language', 'flanders-hub' ),
				value: attributes.lang,
				options: choices( [
					[ '', __( 'Default (plugin settings)', 'flanders-hub' ) ],
					[ 'nl', __( 'Dutch', 'flanders-hub' ) ],
					[ 'en', __( 'English', 'flanders-hub' ) ],
					[ 'fr', __( 'French', 'flanders-hub' ) ],
					[ 'de', __( 'German', 'flanders-hub' ) ]
				] ),
				onChange: setter( 'lang' )
			} ),
			el( components.SelectControl, {
				key: 'layout',
				label: __( 'Layout', 'flanders-hub' ),
				value: attributes.layout,
				options: choices( [
					[ '', __( 'Default', 'flanders-hub' ) ],
					[ 'list', __( 'List', 'flanders-hub' ) ],
					[ 'cards', __( 'Cards', 'flanders-hub' ) ],
					[ 'compact', __( 'Compact', 'flanders-hub' ) ]
				] ),
				onChange: setter( 'layout' )
			} ),
			el( components.RangeControl, {
				key: 'limit',
				label: __( 'Number of items', 'flanders-hub' ),
				value: attributes.limit,
				min: 1,
				max: 100,
				allowReset: true,
				onChange: setter( 'limit' )
			} ),
			el( components.TextControl, {
				key: 'theme',
				label: __( 'Theme', 'flanders-hub' ),
				help: __( 'Empty: the default theme of the plugin settings.', 'flanders-hub' ),
				value: attributes.theme,
				onChange: setter( 'theme' )
			} )
		];
		if ( widget !== 'expertise' ) {
			general.push(
				el( components.SelectControl, {
					key: 'when',
					label: __( 'Events shown', 'flanders-hub' ),
					value: attributes.when,
					options: choices( [
						[ '', __( 'Default (upcoming)', 'flanders-hub' ) ],
						[ 'upcoming', __( 'Upcoming', 'flanders-hub' ) ],
						[ 'past', __( 'Past', 'flanders-hub' ) ],
						[ 'all', __( 'All', 'flanders-hub' ) ]
					] ),
					onChange: setter( 'when' )
				} ),
				el( components.SelectControl, {
					key: 'timeZone',
					label: __( 'Times shown in', 'flanders-hub' ),
					value: attributes.timeZone,
					options: choices( [
						[ '', __( 'Default', 'flanders-hub' ) ],
						[ 'event', __( 'The time zone of the event', 'flanders-hub' ) ],
						[ 'visitor', __( 'The time zone of the visitor', 'flanders-hub' ) ]
					] ),
					onChange: setter( 'timeZone' )
				} )
			);
		}
		var filters = FILTERS[ widget ].map( function ( name ) {
			return el( components.TextControl, {
				key: name,
				label: FILTER_LABELS[ name ],
				value: attributes[ name ],
				onChange: setter( name )
			} );
		} );

		return el(
			'div',
			blockEditor.useBlockProps(),
			el(
				blockEditor.InspectorControls,
				null,
				el( components.PanelBody, { title: __( 'Widget', 'flanders-hub' ) }, general ),
				el( components.PanelBody, { title: __( 'Filters', 'flanders-hub' ), initialOpen: false }, filters )
			),
			el( wp.serverSideRender, { block: 'flanders-hub/widget', attributes: attributes } )
		);
	}

	wp.blocks.registerBlockType( 'flanders-hub/widget', {
		edit: edit,
		save: function () {
			return null;
		}
	} );
}( window.wp ) );
